package dev.weir.inspect;

import java.util.List;

/**
 * Everything a key holds, window by window.
 *
 * @param keyId the key as the store files it
 * @param version the key's commit count: it moves whenever the key's state or timers change
 */
public record KeyState<K>(K key, String keyId, long version, List<WindowState> windows) {
  public KeyState {
    windows = List.copyOf(windows);
  }

  /** Every pending timer of the key, window by window. */
  public List<PendingTimer> timers() {
    return windows.stream().flatMap(w -> w.timers().stream()).toList();
  }
}
