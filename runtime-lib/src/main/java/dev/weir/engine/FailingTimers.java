package dev.weir.engine;

import dev.weir.beam.DoFnHost;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One key's timers whose callbacks failed in this work, so that the work can run again without
 * them: a timer that has failed fewer than {@link Retries#maxAttempts} times is left pending for
 * the key's next work, one that reached it is claimed without firing and reported dead. Either way
 * the key's records and its other timers commit: a failing timer never blocks them.
 */
final class FailingTimers {
  /** A key's work runs again at most this often for failing timers, then fails as a whole. */
  static final int MAX_RERUNS = 100;

  private static final String LEDGER_SCOPE = "timers";

  private final Retries retries;
  private final DoFnHost<?, ?, ?> host;
  private final String keyId;
  private final Set<TimerKey> deferred = new HashSet<>();
  private final Set<String> deferredWindows = new HashSet<>();
  private final Map<TimerKey, Throwable> givenUp = new HashMap<>();
  private final List<DeadTimer> dead = new ArrayList<>();

  FailingTimers(Retries retries, DoFnHost<?, ?, ?> host, String keyId) {
    this.retries = retries;
    this.host = host;
    this.keyId = keyId;
  }

  /**
   * Runs the key's work ({@code attempt}, which returns the DoFn's failure or null) until it
   * succeeds or fails for another reason than a timer; each failing timer is deferred or given up
   * and the work runs again (from scratch: nothing of a failed attempt was committed or emitted).
   */
  Throwable run(Supplier<Throwable> attempt) {
    for (int run = 0; ; run++) {
      dead.clear();
      Throwable error = attempt.get();
      if (!(error instanceof TimerFailure failure) || run >= MAX_RERUNS) {
        return error;
      }
      TimerRecord timer = failure.timer();
      int failures = retries.attempts().recordFailure(LEDGER_SCOPE, attemptId(timer));
      if (failures >= retries.maxAttempts()) {
        givenUp.put(timer.key(), failure.getCause());
      } else {
        deferred.add(timer.key());
        deferredWindows.add(timer.key().namespace());
      }
    }
  }

  /**
   * True if the timer is to stay pending untouched in this work: it failed, or it would collect the
   * state of a window whose failed timer is still to be retried (the state that timer needs, e.g. a
   * buffer it flushes, must outlive it: it goes once the timer fired or was given up).
   */
  boolean isDeferred(TimerRecord timer) {
    return deferred.contains(timer.key())
        || (host.isWindowCleanup(timer) && deferredWindows.contains(timer.key().namespace()));
  }

  /**
   * True if the timer is to be claimed without firing: the caller deletes it, and it is reported
   * dead once the work commits.
   */
  boolean giveUp(TimerRecord timer) {
    Throwable error = givenUp.get(timer.key());
    if (error == null) {
      return false;
    }
    dead.add(
        new DeadTimer(keyId, timer, String.valueOf(host.windowOf(timer.key().namespace())), error));
    return true;
  }

  /** The timers given up in the last run; they are gone if that run committed. */
  List<DeadTimer> dead() {
    return List.copyOf(dead);
  }

  /** One timer at one due time of one key (the ledger bounds what it stores as a key). */
  private String attemptId(TimerRecord timer) {
    return String.join(
        "\n",
        keyId,
        timer.key().namespace(),
        timer.key().familyId(),
        timer.key().timerId(),
        Long.toString(timer.fireAtMillis()));
  }
}
