package dev.weir.bench.engine;

import dev.weir.functions.examples.batchedrpc.BatchedRpcFn;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent.Flush;
import dev.weir.functions.examples.batchedrpc.EnrichmentService;
import dev.weir.functions.examples.batchedrpc.Event;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The blog's {@link BatchedRpcFn} written as a Flink {@link KeyedProcessFunction}, statement for
 * statement, so that Flink runs the same algorithm the Beam runners do. The stream must be keyed by
 * {@link #stateKey}, the event's key and its one-minute window, because Beam keeps a stateful
 * DoFn's state and timers per key and window.
 *
 * <ul>
 *   <li>Beam drops late elements before the DoFn: so does this, when the window's end minus 1 ms
 *       plus the allowed lateness is before the watermark.
 *   <li>{@code stale}: a processing-time timer at now + 1 s, set when the count is 0. Setting a
 *       Beam timer replaces the previous one; Flink keeps every registered timestamp, so the last
 *       one is remembered in state and deleted first.
 *   <li>{@code expiry}: an event-time timer at the window's end minus 1 ms plus the allowed
 *       lateness, set on every element (Flink keeps one timer per timestamp, as Beam keeps one per
 *       id). When it fires the function flushes and then clears all state and the stale timer,
 *       which is what Beam's garbage collection of the window's state does right after.
 *   <li>A flush at 10 buffered events, as in the blog.
 * </ul>
 */
public final class FlinkBatchedRpcFunction
    extends KeyedProcessFunction<String, Event, EnrichedEvent> {
  private static final long WINDOW_MILLIS = BatchedRpcPipeline.WINDOW.getMillis();
  private static final long LATENESS_MILLIS = BatchedRpcPipeline.ALLOWED_LATENESS.getMillis();
  private static final long STALE_MILLIS = BatchedRpcPipeline.MAX_BUFFER_DURATION.getMillis();

  private final int maxBufferSize;
  private final EnrichmentService enrichment;
  private transient ListState<Event> buffer;
  private transient ValueState<Integer> count;
  private transient ValueState<Long> staleAt;

  public FlinkBatchedRpcFunction(EnrichmentService enrichment) {
    this.maxBufferSize = BatchedRpcPipeline.MAX_BUFFER_SIZE;
    this.enrichment = enrichment;
  }

  /** Start of the event's one-minute window, as Beam's {@code FixedWindows} computes it. */
  public static long windowStart(long eventTimeMillis) {
    return eventTimeMillis - Math.floorMod(eventTimeMillis, WINDOW_MILLIS);
  }

  /** The key to key the stream by: the event's key and its window, like Beam's state. */
  public static String stateKey(Event event) {
    return event.key() + '#' + windowStart(event.eventTimeMillis());
  }

  @Override
  public void open(OpenContext openContext) {
    buffer =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("buffer", TypeInformation.of(Event.class)));
    count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Integer.class));
    staleAt = getRuntimeContext().getState(new ValueStateDescriptor<>("staleAt", Long.class));
  }

  @Override
  public void processElement(Event event, Context ctx, Collector<EnrichedEvent> out)
      throws Exception {
    long expiry = windowStart(event.eventTimeMillis()) + WINDOW_MILLIS - 1 + LATENESS_MILLIS;
    if (expiry < ctx.timerService().currentWatermark()) {
      return;
    }
    if (countOrZero() == 0) {
      Long previous = staleAt.value();
      if (previous != null) {
        ctx.timerService().deleteProcessingTimeTimer(previous);
      }
      long at = ctx.timerService().currentProcessingTime() + STALE_MILLIS;
      ctx.timerService().registerProcessingTimeTimer(at);
      staleAt.update(at);
    }
    ctx.timerService().registerEventTimeTimer(expiry);
    int newCount = countOrZero() + 1;
    count.update(newCount);
    buffer.add(event);
    if (newCount >= maxBufferSize) {
      flush(Flush.SIZE, out);
      buffer.clear();
      count.clear();
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnrichedEvent> out)
      throws Exception {
    if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
      flush(Flush.EXPIRY, out);
      Long stale = staleAt.value();
      if (stale != null) {
        ctx.timerService().deleteProcessingTimeTimer(stale);
      }
      buffer.clear();
      count.clear();
      staleAt.clear();
    } else {
      staleAt.clear();
      if (flush(Flush.STALE, out)) {
        buffer.clear();
        count.clear();
      }
    }
  }

  private int countOrZero() throws Exception {
    Integer value = count.value();
    return value == null ? 0 : value;
  }

  /** Emits the buffered events enriched by one call; false if the buffer was empty. */
  private boolean flush(Flush flush, Collector<EnrichedEvent> out) throws Exception {
    List<Event> batch = new ArrayList<>();
    Iterable<Event> buffered = buffer.get();
    if (buffered != null) {
      buffered.forEach(batch::add);
    }
    if (batch.isEmpty()) {
      return false;
    }
    List<String> enrichments = enrichment.enrich(batch);
    for (int i = 0; i < batch.size(); i++) {
      out.collect(new EnrichedEvent(batch.get(i), enrichments.get(i), batch.size(), flush));
    }
    return true;
  }
}
