package dev.weir.engine;

import dev.weir.store.KeyLimitException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One key's records whose processing failed, counted per record: below {@link Retries#maxAttempts}
 * the key's work fails (its batch is retried, its watermark hold kept); at the limit the record is
 * given up, and the key's work runs again without it (from scratch: nothing of a failed attempt was
 * committed or emitted), so one poison record never takes its key's other records with it. Records
 * of the key that fail in that same work are given up at once, so a batch's poison records cost
 * {@code maxAttempts} invocations between them, not each. A record past one of its key's bounds
 * ({@link KeyLimitException}) is given up at once: no attempt could get it through.
 */
final class FailingRecords {
  private final Retries retries;
  private final String shardId;
  private final String keyId;
  private final Map<String, Throwable> givenUp = new HashMap<>();
  private final List<DeadRecord> dead = new ArrayList<>();

  FailingRecords(Retries retries, String shardId, String keyId) {
    this.retries = retries;
    this.shardId = shardId;
    this.keyId = keyId;
  }

  /**
   * Runs the key's work ({@code attempt}: the DoFn's failure or null) until it succeeds, fails on a
   * record still within its attempts, or fails otherwise.
   */
  Throwable run(Supplier<Throwable> attempt) {
    while (true) {
      dead.clear();
      Throwable error = attempt.get();
      if (!(error instanceof RecordFailure failure)
          || givenUp.containsKey(failure.record().sequenceNumber())) {
        return error;
      }
      String sequence = failure.record().sequenceNumber();
      // A record past one of a key's bounds would be past it on every attempt: given up at once.
      if (KeyLimitException.in(failure.getCause()) == null) {
        int failures = retries.attempts().recordFailure(shardId, sequence);
        // Once one record of the key ran out of attempts in this work, a later one failing now is
        // given up at once: the event source retries a batch a bounded number of times
        // (MaximumRetryAttempts), and several poison records each waiting for attempts of their
        // own would exhaust it and be skipped without a dead letter.
        if (failures < retries.maxAttempts() && givenUp.isEmpty()) {
          return error;
        }
      }
      givenUp.put(sequence, failure.getCause());
    }
  }

  /**
   * True if the record is to be marked applied without processing; it is reported dead once the
   * work commits.
   */
  boolean giveUp(InputRecord record) {
    Throwable error = givenUp.get(record.sequenceNumber());
    if (error == null) {
      return false;
    }
    dead.add(new DeadRecord(keyId, record, error));
    return true;
  }

  /** The records given up in the last run; they are marked applied if that run committed. */
  List<DeadRecord> dead() {
    return List.copyOf(dead);
  }
}
