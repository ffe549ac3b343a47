package dev.weir.engine;

import dev.weir.store.AttemptLedger;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often a record's processing or a timer's callback may fail before it is given up (a record
 * marked applied without being processed, a timer claimed without firing, either dead-lettered),
 * and where failures are counted. Until then the key is retried with its next work (a record with
 * its batch, a timer with a later bundle or tick); once a record or timer is given up, the key's
 * other records and timers go on without it.
 *
 * @param attempts counts failures across invocations and containers (the DynamoDB ledger in Lambda)
 */
public record Retries(AttemptLedger attempts, int maxAttempts) {
  public Retries {
    Objects.requireNonNull(attempts, "attempts");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("a record or timer gets at least one attempt");
    }
  }

  /** Failures counted in this process only (the test driver, benchmarks). */
  public static Retries inMemory(int maxAttempts) {
    Map<String, Integer> counts = new ConcurrentHashMap<>();
    return new Retries(
        (scope, attempt) -> counts.merge(scope + "#" + attempt, 1, Integer::sum), maxAttempts);
  }
}
