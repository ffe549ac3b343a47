package dev.weir.engine;

import java.util.List;
import java.util.Map;

/**
 * What one timer sweep did.
 *
 * @param fired timers whose callbacks ran and were committed
 * @param failedKeys keys whose timers could not be fired, with the error; they stay pending
 * @param keysTicked keys sent a {@link dev.weir.timer.KeyTick} to fire their due timers
 * @param deadTimers timers given up after failing their attempts (claimed without firing)
 */
public record FiringResult(
    int fired, Map<String, Throwable> failedKeys, int keysTicked, List<DeadTimer> deadTimers) {
  /** A firing handed to the keys' processors: {@code keys} ticks sent, nothing fired here. */
  static FiringResult ticked(int keys) {
    return new FiringResult(0, Map.of(), keys, List.of());
  }
}
