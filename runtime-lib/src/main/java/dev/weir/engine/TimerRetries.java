package dev.weir.engine;

import dev.weir.store.AttemptLedger;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often a timer's callback may fail before the timer is given up (claimed without firing and
 * dead-lettered), and where its failures are counted. A failing timer is retried with the key's
 * next work (a later bundle or tick); meanwhile the key's records and its other timers go on.
 *
 * @param attempts counts failures across invocations and containers (the DynamoDB ledger in Lambda)
 */
public record TimerRetries(AttemptLedger attempts, int maxAttempts) {
  public TimerRetries {
    Objects.requireNonNull(attempts, "attempts");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("a timer gets at least one attempt");
    }
  }

  /** Failures counted in this process only (the test driver, benchmarks). */
  public static TimerRetries inMemory(int maxAttempts) {
    Map<String, Integer> counts = new ConcurrentHashMap<>();
    return new TimerRetries(
        (scope, attempt) -> counts.merge(scope + "#" + attempt, 1, Integer::sum), maxAttempts);
  }
}
