package dev.weir.local.stack;

import dev.weir.functions.handlers.TimerFunction;
import dev.weir.functions.handlers.WatermarkFunction;
import dev.weir.timer.WakeupScheduler;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * EventBridge Scheduler on one machine: runs the watermark function on a fixed rate, and the timer
 * function once per minute bucket a processing-time timer asks for. Like AWS it delivers at least
 * once; with {@code unreliable} it also delivers every invocation twice and late by up to a minute,
 * so tests can show that duplicates and delays change nothing.
 */
public final class LocalScheduler implements WakeupScheduler, AutoCloseable {
  static final long BUCKET_MILLIS = 60_000;

  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor();
  private final ScheduledExecutorService wakeups = Executors.newSingleThreadScheduledExecutor();
  private final Set<Long> scheduled = ConcurrentHashMap.newKeySet();
  private final String pipeline;
  private final boolean unreliable;
  private final Random random = new Random(7);
  private final AtomicLong extraDeliveries = new AtomicLong();
  private final LongAdder invocationNanos = new LongAdder();
  private final LongAdder invocations = new LongAdder();
  private final LongAdder sweepNanos = new LongAdder();
  private final LongAdder sweeps = new LongAdder();
  private volatile TimerFunction timerFunction;
  private volatile boolean closed;

  public LocalScheduler(String pipeline, boolean unreliable) {
    this.pipeline = pipeline;
    this.unreliable = unreliable;
  }

  /** Starts sweeping every {@code intervalMillis} and delivering wake-ups to {@code timer}. */
  public void start(WatermarkFunction watermark, TimerFunction timer, long intervalMillis) {
    this.timerFunction = timer;
    sweeper.scheduleWithFixedDelay(
        () -> {
          sweep(watermark);
          if (unreliable && random.nextBoolean()) {
            extraDeliveries.incrementAndGet();
            sweep(watermark);
          }
        },
        intervalMillis,
        intervalMillis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void ensureWakeup(long fireAtMillis) {
    long bucket = Math.floorDiv(fireAtMillis, BUCKET_MILLIS) * BUCKET_MILLIS + BUCKET_MILLIS;
    if (!scheduled.add(bucket)) {
      return;
    }
    int deliveries = unreliable ? 2 : 1;
    extraDeliveries.addAndGet(deliveries - 1);
    for (int i = 0; i < deliveries; i++) {
      long delay =
          Math.max(0, bucket - System.currentTimeMillis())
              + (unreliable ? random.nextInt((int) BUCKET_MILLIS) : 0);
      wakeups.schedule(
          () ->
              invoke(
                  () ->
                      timerFunction.handleRequest(
                          Map.of("pipeline", pipeline, "bucket", bucket), null)),
          delay,
          TimeUnit.MILLISECONDS);
    }
  }

  /** Invocations delivered twice (and late) because the scheduler is unreliable. */
  public long extraDeliveries() {
    return extraDeliveries.get();
  }

  /** Invocations of the watermark and timer functions made so far. */
  public long invocations() {
    return invocations.sum();
  }

  /** Time spent inside those invocations, as Lambda would bill it (nanoseconds). */
  public long invocationNanos() {
    return invocationNanos.sum();
  }

  /** Invocations of the watermark function alone, made so far. */
  public long sweeps() {
    return sweeps.sum();
  }

  /** Time spent inside them (nanoseconds). */
  public long sweepNanos() {
    return sweepNanos.sum();
  }

  private void sweep(WatermarkFunction watermark) {
    long start = System.nanoTime();
    try {
      invoke(() -> watermark.handleRequest(Map.of(), null));
    } finally {
      sweepNanos.add(System.nanoTime() - start);
      sweeps.increment();
    }
  }

  private void invoke(Runnable invocation) {
    long start = System.nanoTime();
    try {
      invocation.run();
    } catch (RuntimeException e) {
      if (closed) {
        return; // interrupted by close()
      }
      // An asynchronous invocation that fails is retried by the next tick, as in AWS.
      System.err.println("local scheduler: invocation failed: " + e);
    } finally {
      invocationNanos.add(System.nanoTime() - start);
      invocations.increment();
    }
  }

  @Override
  public void close() {
    closed = true;
    sweeper.shutdownNow();
    wakeups.shutdownNow();
  }
}
