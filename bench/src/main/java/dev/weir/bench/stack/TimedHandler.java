package dev.weir.bench.stack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.weir.timer.KeyTick;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wraps a Kinesis handler and measures what Lambda would bill: the time spent inside invocations.
 * Records of an invocation that reported no failures count as handled: events and Weir's timer
 * ticks apart, as a tick is not an event (only events are what a run is measured per). The first
 * {@link Totals#WARM_UP} invocations are also counted apart, so a rate can leave out the JIT's
 * warm-up.
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

    /** Event records handled (a record handled again, after a failed invocation, counts again). */
    long handled() {
      return handledEvents.get();
    }
  }

  private final RequestHandler<KinesisEvent, StreamsEventResponse> handler;
  private final Totals totals;

  TimedHandler(RequestHandler<KinesisEvent, StreamsEventResponse> handler, Totals totals) {
    this.handler = handler;
    this.totals = totals;
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
    }
  }
}
