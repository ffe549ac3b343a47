package dev.weir.store.dynamodb;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.weir.store.HeapSize;
import dev.weir.store.KeyHeader;
import java.util.Set;

/**
 * Which layout each recently seen key has at which version: all in its header item ({@link
 * InlineState}), or spread over items. Reads learn it from the header item; commits keep it
 * current, so a commit never has to read before it writes. Keys are dropped once the decoded inline
 * states together exceed {@code maxBytes} of heap (an inline state is up to {@link
 * CommitWriter#MAX_INLINE_BYTES} encoded, several times that decoded).
 */
final class KeyLayouts {
  /**
   * A key's layout as of {@code version} of {@code generation} (see {@link KeyHeader#generation}).
   *
   * @param inline the key's whole state, or null for a key spread over items
   * @param live for a key spread over items, the namespaces (windows) that may still have items;
   *     null if not known (a header written before Weir tracked them)
   */
  record Layout(long version, long generation, InlineState inline, Set<String> live) {
    Layout(KeyHeader header, InlineState inline, Set<String> live) {
      this(header.version(), header.generation(), inline, live);
    }

    Layout(KeyHeader header, InlineState inline) {
      this(header, inline, null);
    }

    boolean isInline() {
      return inline != null;
    }

    long heapBytes() {
      long bytes = 64 + (inline == null ? 0 : inline.heapBytes());
      return live == null ? bytes : bytes + 64L * live.size();
    }
  }

  private final Cache<String, Layout> layouts;

  KeyLayouts(long maxBytes) {
    this.layouts =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher((String keyId, Layout layout) -> HeapSize.asWeight(layout.heapBytes()))
            .executor(Runnable::run)
            .build();
  }

  void remember(String keyId, Layout layout) {
    layouts.put(keyId, layout);
  }

  /** The key's layout if it is known at {@code header}'s version of its generation, else null. */
  Layout at(String keyId, KeyHeader header) {
    Layout layout = layouts.getIfPresent(keyId);
    return layout != null
            && layout.version() == header.version()
            && layout.generation() == header.generation()
        ? layout
        : null;
  }

  void forget(String keyId) {
    layouts.invalidate(keyId);
  }

  /** The heap the remembered layouts take, as weighed. */
  long heapBytes() {
    layouts.cleanUp();
    return layouts.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }
}
