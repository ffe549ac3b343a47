package dev.weir.functions.examples.batchedrpc;

import dev.weir.functions.examples.batchedrpc.EnrichedEvent.Flush;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;

/**
 * The batched-RPC DoFn of Beam's "Timely (and Stateful) Processing" post, as written there. The
 * only changes: keyed input ({@code KV<String, Event>}, which Beam requires for state), the limits
 * as constructor arguments, the post's undeclared {@code staleSetState} line dropped, and each
 * flush naming its path so tests and the demo can tell the three apart.
 */
public class BatchedRpcFn extends DoFn<KV<String, Event>, EnrichedEvent> {
  private final int maxBufferSize;
  private final Duration maxBufferDuration;
  private final Duration allowedLateness;
  private final EnrichmentService enrichment;

  @StateId("buffer")
  private final StateSpec<BagState<Event>> bufferedEvents = StateSpecs.bag();

  @StateId("count")
  private final StateSpec<ValueState<Integer>> countState = StateSpecs.value();

  @TimerId("stale")
  private final TimerSpec staleSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

  @TimerId("expiry")
  private final TimerSpec expirySpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  public BatchedRpcFn(
      int maxBufferSize,
      Duration maxBufferDuration,
      Duration allowedLateness,
      EnrichmentService enrichment) {
    if (maxBufferSize < 1) {
      throw new IllegalArgumentException("maxBufferSize must be at least 1");
    }
    this.maxBufferSize = maxBufferSize;
    this.maxBufferDuration = maxBufferDuration;
    this.allowedLateness = allowedLateness;
    this.enrichment = enrichment;
  }

  @ProcessElement
  public void processElement(
      ProcessContext context,
      BoundedWindow window,
      @StateId("buffer") BagState<Event> bufferState,
      @StateId("count") ValueState<Integer> countState,
      @TimerId("stale") Timer staleTimer,
      @TimerId("expiry") Timer expiryTimer) {
    if (firstNonNull(countState.read(), 0) == 0) {
      staleTimer.offset(maxBufferDuration).setRelative();
    }

    expiryTimer.set(window.maxTimestamp().plus(allowedLateness));
    int count = firstNonNull(countState.read(), 0);
    count = count + 1;
    countState.write(count);
    bufferState.add(context.element().getValue());

    if (count >= maxBufferSize) {
      for (EnrichedEvent enrichedEvent : enrichEvents(Flush.SIZE, bufferState.read())) {
        context.output(enrichedEvent);
      }
      bufferState.clear();
      countState.clear();
    }
  }

  @OnTimer("expiry")
  public void onExpiry(OnTimerContext context, @StateId("buffer") BagState<Event> bufferState) {
    if (!bufferState.isEmpty().read()) {
      for (EnrichedEvent enrichedEvent : enrichEvents(Flush.EXPIRY, bufferState.read())) {
        context.output(enrichedEvent);
      }
      bufferState.clear();
    }
  }

  @OnTimer("stale")
  public void onStale(
      OnTimerContext context,
      @StateId("buffer") BagState<Event> bufferState,
      @StateId("count") ValueState<Integer> countState) {
    if (!bufferState.isEmpty().read()) {
      for (EnrichedEvent enrichedEvent : enrichEvents(Flush.STALE, bufferState.read())) {
        context.output(enrichedEvent);
      }
      bufferState.clear();
      countState.clear();
    }
  }

  private List<EnrichedEvent> enrichEvents(Flush flush, Iterable<Event> buffered) {
    List<Event> batch = new ArrayList<>();
    buffered.forEach(batch::add);
    List<String> enrichments = enrichment.enrich(batch);
    List<EnrichedEvent> enriched = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      enriched.add(new EnrichedEvent(batch.get(i), enrichments.get(i), batch.size(), flush));
    }
    return enriched;
  }

  private static <T> T firstNonNull(T value, T fallback) {
    return Objects.requireNonNullElse(value, fallback);
  }
}
