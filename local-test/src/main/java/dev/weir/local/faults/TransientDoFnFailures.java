package dev.weir.local.faults;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A DoFn that fails now and then, as user code does (a dependency that times out once): while a
 * round enables it, the first attempt at about one event in {@code 1/rate} throws from
 * {@code @ProcessElement}, and the retry succeeds. The key's records then hold their shard's
 * watermark while a sweep runs; the retry must apply the event once and not late. Off unless a
 * round enables it (the pipelines' own tests run it fault-free); the local stack runs every
 * function in this JVM, so one set of failed events serves every container.
 */
public final class TransientDoFnFailures {
  public static final String DOFN_FAILURE = "dofn-failure-retried";

  private static final Set<Long> FAILED = ConcurrentHashMap.newKeySet();
  private static final LongAdder INJECTED = new LongAdder();
  private static volatile double rate;
  private static volatile long seed;

  private TransientDoFnFailures() {}

  /** Fails the first attempt at about {@code rate} of the events, chosen by {@code seed}. */
  static void enable(double failureRate, long roundSeed) {
    FAILED.clear();
    INJECTED.reset();
    seed = roundSeed;
    rate = failureRate;
  }

  static void disable() {
    rate = 0;
  }

  /** Failures injected since the round enabled them. */
  static long injected() {
    return INJECTED.sum();
  }

  /** Called by the DoFn for each element: throws on the first attempt at a chosen event. */
  public static void maybeFail(long eventId) {
    double current = rate;
    if (current <= 0 || new SplittableRandom(seed ^ eventId).nextDouble() >= current) {
      return;
    }
    if (FAILED.add(eventId)) {
      INJECTED.increment();
      throw new IllegalStateException("injected: the DoFn failed on event " + eventId + " once");
    }
  }
}
