package dev.weir.engine;

import java.util.Map;

/**
 * What one timer sweep did.
 *
 * @param fired timers whose callbacks ran and were committed
 * @param failedKeys keys whose timers could not be fired, with the error; they stay pending
 */
public record FiringResult(int fired, Map<String, Throwable> failedKeys) {}
