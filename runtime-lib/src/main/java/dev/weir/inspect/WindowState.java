package dev.weir.inspect;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;

/**
 * What a key holds in one window.
 *
 * @param state per {@code @StateId} that holds something, its value as the DoFn would read it
 *     (collections copied into lists and maps)
 * @param timers the window's pending timers, in firing order
 */
public record WindowState(
    BoundedWindow window, Map<String, Object> state, List<PendingTimer> timers) {
  public WindowState {
    state = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(state));
    timers = List.copyOf(timers);
  }
}
