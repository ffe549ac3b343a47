package dev.weir.store.dynamodb;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which layout each recently seen key has at which version: all in its header item ({@link
 * InlineState}), or spread over items. Reads learn it from the header item; commits keep it
 * current, so a commit never has to read before it writes. Least recently used keys are dropped.
 */
final class KeyLayouts {
  /** A key's layout as of {@code version}; {@code inline} is null for a key spread over items. */
  record Layout(long version, InlineState inline) {
    boolean isInline() {
      return inline != null;
    }
  }

  private final Map<String, Layout> layouts;

  KeyLayouts(int maxKeys) {
    this.layouts =
        new LinkedHashMap<>(1_024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Layout> eldest) {
            return size() > maxKeys;
          }
        };
  }

  synchronized void remember(String keyId, Layout layout) {
    layouts.put(keyId, layout);
  }

  /** The key's layout if it is known at {@code version}, else null. */
  synchronized Layout at(String keyId, long version) {
    Layout layout = layouts.get(keyId);
    return layout != null && layout.version() == version ? layout : null;
  }

  synchronized void forget(String keyId) {
    layouts.remove(keyId);
  }
}
