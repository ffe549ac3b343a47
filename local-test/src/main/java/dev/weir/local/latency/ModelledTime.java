package dev.weir.local.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long a thread's AWS calls would have kept it waiting at AWS's pace, counted from the model's
 * draws rather than from what the emulators took: for figures the emulators' own CPU would
 * otherwise set (DynamoDB Local answers concurrent writes one after another, so sixteen conditional
 * writes in flight take it sixteen times one write; AWS answers them side by side).
 *
 * <p>A tally belongs to the thread that asked for it (its owner) and to every thread the owner
 * creates afterwards, such as the workers of a pool its work submits to ({@link
 * AwsLatencyInterceptor#modelledTimeOfThisThread} keeps it in an inheritable thread local). The
 * owner's calls run one after another, so their draws add up; the calls of the threads it created
 * run side by side, so their draws are kept one by one and their span is simulated on the pool's
 * workers, each call going to the first worker free, in the order the calls were made.
 */
public final class ModelledTime {
  /** Where a tally stood: what came after it is one piece of work (an invocation). */
  public record Mark(long ownerNanos, int pooledCalls) {}

  private final Thread owner;
  private final LongAdder ownerNanos = new LongAdder();
  private final List<Long> pooledNanos = new ArrayList<>();

  /** Pooled calls dropped once waited for: a thread lives for a run, one call per commit. */
  private int droppedCalls;

  ModelledTime(Thread owner) {
    this.owner = owner;
  }

  boolean ownedBy(Thread thread) {
    return owner == thread;
  }

  /** A call that AWS would have answered in {@code drawNanos}, made on the current thread. */
  void record(long drawNanos) {
    if (Thread.currentThread() == owner) {
      ownerNanos.add(drawNanos);
    } else {
      synchronized (pooledNanos) {
        pooledNanos.add(drawNanos);
      }
    }
  }

  public Mark mark() {
    synchronized (pooledNanos) {
      return new Mark(ownerNanos.sum(), droppedCalls + pooledNanos.size());
    }
  }

  /**
   * How long the calls since {@code mark} would have kept the owner waiting at AWS's pace: its own
   * calls' draws, plus the span of the other threads' calls on {@code workers} workers (the owner
   * waits for them, as a bundle waits for its commits).
   */
  public long waitedSinceNanos(Mark mark, int workers) {
    List<Long> pooled;
    synchronized (pooledNanos) {
      int from = mark.pooledCalls() - droppedCalls;
      if (from < 0) {
        throw new IllegalArgumentException(
            "a mark from before the last wait: a tally is waited for once per mark, in order");
      }
      List<Long> since = pooledNanos.subList(from, pooledNanos.size());
      pooled = List.copyOf(since);
      // Calls before this mark are never asked for again; those since it may be (the same mark).
      pooledNanos.subList(0, from).clear();
      droppedCalls += from;
    }
    return ownerNanos.sum() - mark.ownerNanos() + span(pooled, workers);
  }

  /** The time {@code calls}, in order, take on {@code workers} workers, each to the first free. */
  static long span(List<Long> calls, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, not " + workers);
    }
    PriorityQueue<Long> freeAt = new PriorityQueue<>();
    for (int i = 0; i < Math.min(workers, calls.size()); i++) {
      freeAt.add(0L);
    }
    long end = 0;
    for (long call : calls) {
      long done = freeAt.remove() + call;
      end = Math.max(end, done);
      freeAt.add(done);
    }
    return end;
  }
}
