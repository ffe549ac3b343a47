package dev.weir.bench.stack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wraps a Kinesis handler and measures what Lambda would bill: the time spent inside invocations.
 * Records of an invocation that reported no failures count as handled. The first {@link
 * Totals#WARM_UP} invocations are also counted apart, so a rate can leave out the JIT's warm-up.
 */
final class TimedHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  /** What every lane's wrapper adds to, so a run sums over shards and lanes. */
  static final class Totals {
    static final int WARM_UP = 4;
    final LongAdder busyNanos = new LongAdder();
    final LongAdder invocations = new LongAdder();
    final AtomicLong handledRecords = new AtomicLong();
    final LongAdder warmUpNanos = new LongAdder();
    final LongAdder warmUpRecords = new LongAdder();
    private final AtomicLong started = new AtomicLong();

    /**
     * Records per second of handler time, after the warm-up invocations, with {@code otherSeconds}
     * of other functions' time added to the handler's.
     */
    double steadyRate(double otherSeconds) {
      double seconds = (busyNanos.sum() - warmUpNanos.sum()) / 1e9 + otherSeconds;
      long records = handledRecords.get() - warmUpRecords.sum();
      return seconds > 0 && records > 0
          ? records / seconds
          : handledRecords.get() / (busyNanos.sum() / 1e9 + otherSeconds);
    }

    long handled() {
      return handledRecords.get();
    }
  }

  private final RequestHandler<KinesisEvent, StreamsEventResponse> handler;
  private final Totals totals;

  TimedHandler(RequestHandler<KinesisEvent, StreamsEventResponse> handler, Totals totals) {
    this.handler = handler;
    this.totals = totals;
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    boolean warmUp = totals.started.incrementAndGet() <= Totals.WARM_UP;
    long start = System.nanoTime();
    try {
      StreamsEventResponse response = handler.handleRequest(event, context);
      if (response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
        totals.handledRecords.addAndGet(event.getRecords().size());
        if (warmUp) {
          totals.warmUpRecords.add(event.getRecords().size());
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
