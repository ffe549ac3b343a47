package dev.weir.local.faults;

import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.EnrichmentService;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.pipeline.PipelineProvider;
import dev.weir.pipeline.WeirPipeline;
import java.util.List;

/**
 * The batched-RPC pipeline with an enrichment service that fails for one key, {@link #KEY}: every
 * flush of that key throws, in {@code @ProcessElement} (a size flush) and in {@code @OnTimer} (a
 * stale or expiry flush). The campaign's batched-RPC rounds run it, so a DoFn and a timer that keep
 * failing for one key are part of every round.
 */
public final class PoisonKeyPipeline implements PipelineProvider {
  public static final String KEY = "poison-key";

  /** Answers as {@link CountingEnrichment}, but fails every batch of {@link #KEY}. */
  static final class FailingForOneKey implements EnrichmentService {
    private final EnrichmentService delegate = new CountingEnrichment(BatchedRpcPipeline.NAME);

    @Override
    public List<String> enrich(List<Event> batch) {
      if (batch.stream().anyMatch(event -> event.key().equals(KEY))) {
        throw new IllegalStateException("the enrichment service fails for " + KEY);
      }
      return delegate.enrich(batch);
    }
  }

  @Override
  public WeirPipeline<String, Event, EnrichedEvent> pipeline() {
    return BatchedRpcPipeline.pipeline(BatchedRpcPipeline.MAX_BUFFER_SIZE, new FailingForOneKey());
  }
}
