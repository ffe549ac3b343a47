package dev.weir.timer;

/**
 * Arranges for due processing-time timers to be fired: the engine calls it for every committed
 * processing-time timer. Implementations coalesce (EventBridge Scheduler: one schedule per time
 * bucket), so calling it once per timer costs nothing extra.
 */
@FunctionalInterface
public interface WakeupScheduler {

  /** Ensures a wake-up at or after {@code fireAtMillis}, when the timer will be due. */
  void ensureWakeup(long fireAtMillis);

  /** For runs that fire processing-time timers themselves (the test driver, the sweeper). */
  static WakeupScheduler none() {
    return fireAtMillis -> {};
  }
}
