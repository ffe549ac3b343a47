package dev.weir.bench.stack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.weir.local.latency.AwsLatencyInterceptor;
import dev.weir.local.latency.ModelledTime;
import dev.weir.timer.KeyTick;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wraps a Kinesis handler and measures what Lambda would bill: the time spent inside invocations.
 * Records of an invocation that reported no failures count as handled: events and Weir's timer
 * ticks apart, as a tick is not an event (only events are what a run is measured per). The first
 * {@link Totals#WARM_UP} invocations are also counted apart, so a rate can leave out the JIT's
 * warm-up. Under the AWS latency profile each invocation is also timed as AWS would have paced it:
 * the handler thread's CPU time plus its calls at the model's draws ({@link ModelledTime}).
 */
final class TimedHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  /** What every lane's wrapper adds to, so a run sums over shards and lanes. */
  static final class Totals {
    static final int WARM_UP = 4;
    final LongAdder busyNanos = new LongAdder();
    final LongAdder invocations = new LongAdder();
    final AtomicLong handledEvents = new AtomicLong();
    final LongAdder handledTicks = new LongAdder();
    final LongAdder warmUpNanos = new LongAdder();
    final LongAdder warmUpEvents = new LongAdder();
    final LongAdder modelledNanos = new LongAdder();
    final LongAdder modelledWarmUpNanos = new LongAdder();
    private final AtomicLong started = new AtomicLong();

    /**
     * Events per second of handler time, after the warm-up invocations, with {@code otherSeconds}
     * of other functions' time added to the handler's.
     */
    double steadyRate(double otherSeconds) {
      double seconds = (busyNanos.sum() - warmUpNanos.sum()) / 1e9 + otherSeconds;
      long events = handledEvents.get() - warmUpEvents.sum();
      return seconds > 0 && events > 0
          ? events / seconds
          : handledEvents.get() / (busyNanos.sum() / 1e9 + otherSeconds);
    }

    /**
     * Events per second of the processor's own handler time after the warm-up (of all of it if the
     * warm-up was the whole run): measured, and as modelled at AWS's pace (0 if nothing was
     * modelled).
     */
    StackResult.ShardPace shardPace() {
      long events = handledEvents.get() - warmUpEvents.sum();
      long measured = busyNanos.sum() - warmUpNanos.sum();
      long modelled = modelledNanos.sum() - modelledWarmUpNanos.sum();
      if (events <= 0 || measured <= 0) {
        events = handledEvents.get();
        measured = busyNanos.sum();
        modelled = modelledNanos.sum();
      }
      return new StackResult.ShardPace(rate(events, measured), rate(events, modelled));
    }

    private static double rate(long events, long nanos) {
      return events > 0 && nanos > 0 ? events / (nanos / 1e9) : 0;
    }

    /** Event records handled (a record handled again, after a failed invocation, counts again). */
    long handled() {
      return handledEvents.get();
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final RequestHandler<KinesisEvent, StreamsEventResponse> handler;
  private final Totals totals;
  private final AwsLatencyInterceptor awsLatency;
  private final int poolWorkers;

  /**
   * @param awsLatency the stack's pacing, whose draws model each invocation's time at AWS's pace;
   *     null without the profile
   * @param poolWorkers how many calls the handler's pool makes side by side (Weir's commits in
   *     flight)
   */
  TimedHandler(
      RequestHandler<KinesisEvent, StreamsEventResponse> handler,
      Totals totals,
      AwsLatencyInterceptor awsLatency,
      int poolWorkers) {
    this.handler = handler;
    this.totals = totals;
    this.awsLatency = awsLatency;
    this.poolWorkers = poolWorkers;
  }

  /** The records of {@code event} that are Weir's timer ticks, not events. */
  static int ticks(KinesisEvent event) {
    int ticks = 0;
    for (KinesisEvent.KinesisEventRecord record : event.getRecords()) {
      ByteBuffer data = record.getKinesis().getData().duplicate();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      if (KeyTick.isTick(bytes)) {
        ticks++;
      }
    }
    return ticks;
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    boolean warmUp = totals.started.incrementAndGet() <= Totals.WARM_UP;
    int ticks = ticks(event); // before the handler reads the records' data
    ModelledTime modelled = awsLatency == null ? null : awsLatency.modelledTimeOfThisThread();
    ModelledTime.Mark mark = modelled == null ? null : modelled.mark();
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    try {
      StreamsEventResponse response = handler.handleRequest(event, context);
      if (response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
        int events = event.getRecords().size() - ticks;
        totals.handledEvents.addAndGet(events);
        totals.handledTicks.add(ticks);
        if (warmUp) {
          totals.warmUpEvents.add(events);
        }
      }
      return response;
    } finally {
      long elapsed = System.nanoTime() - start;
      totals.busyNanos.add(elapsed);
      totals.invocations.increment();
      if (warmUp) {
        totals.warmUpNanos.add(elapsed);
      }
      if (modelled != null) {
        long atAwsPace =
            THREADS.getCurrentThreadCpuTime()
                - cpuStart
                + modelled.waitedSinceNanos(mark, poolWorkers);
        totals.modelledNanos.add(atAwsPace);
        if (warmUp) {
          totals.modelledWarmUpNanos.add(atAwsPace);
        }
      }
    }
  }
}
