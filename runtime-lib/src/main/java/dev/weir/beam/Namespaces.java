package dev.weir.beam;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.runners.core.StateNamespace;
import org.apache.beam.runners.core.StateNamespaces;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;

/**
 * Namespace strings of windows, both ways. Beam builds a fresh namespace per element and its {@code
 * stringKey()} re-encodes the window each time, which costs a third of the CPU of an in-memory run,
 * so the strings are cached.
 */
final class Namespaces {
  private static final int MAX_CACHED = 10_000;
  private final Coder<BoundedWindow> windowCoder;
  private final Map<StateNamespace, String> strings = new HashMap<>();
  private final Map<String, BoundedWindow> windows = new HashMap<>();

  @SuppressWarnings("unchecked")
  Namespaces(Coder<? extends BoundedWindow> windowCoder) {
    this.windowCoder = (Coder<BoundedWindow>) windowCoder;
  }

  String stringOf(StateNamespace namespace) {
    String cached = strings.get(namespace);
    if (cached == null) {
      if (strings.size() >= MAX_CACHED) {
        strings.clear();
      }
      cached = namespace.stringKey();
      strings.put(namespace, cached);
    }
    return cached;
  }

  String stringOf(BoundedWindow window) {
    return stringOf(StateNamespaces.window(windowCoder, window));
  }

  BoundedWindow windowOf(String namespace) {
    BoundedWindow cached = windows.get(namespace);
    if (cached == null) {
      StateNamespace parsed = StateNamespaces.fromString(namespace, windowCoder);
      if (!(parsed instanceof StateNamespaces.WindowNamespace<?> windowNamespace)) {
        throw new IllegalStateException("timer namespace " + namespace + " names no window");
      }
      if (windows.size() >= MAX_CACHED) {
        windows.clear();
      }
      cached = windowNamespace.getWindow();
      windows.put(namespace, cached);
    }
    return cached;
  }
}
