package dev.weir.bench.stack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wraps a Kinesis handler and measures what Lambda would bill: the time spent inside invocations.
 * Records of an invocation that reported no failures count as handled.
 */
final class TimedHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  /** What every lane's wrapper adds to, so a run sums over shards and lanes. */
  static final class Totals {
    final LongAdder busyNanos = new LongAdder();
    final LongAdder invocations = new LongAdder();
    final AtomicLong handledRecords = new AtomicLong();

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
    long start = System.nanoTime();
    try {
      StreamsEventResponse response = handler.handleRequest(event, context);
      if (response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
        totals.handledRecords.addAndGet(event.getRecords().size());
      }
      return response;
    } finally {
      totals.busyNanos.add(System.nanoTime() - start);
      totals.invocations.increment();
    }
  }
}
