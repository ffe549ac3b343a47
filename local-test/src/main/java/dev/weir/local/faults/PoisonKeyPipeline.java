package dev.weir.local.faults;

import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.EnrichmentService;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.pipeline.PipelineProvider;
import dev.weir.pipeline.WeirPipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/**
 * The batched-RPC pipeline with an enrichment service that fails for one key, {@link #KEY}: every
 * flush of that key throws, in {@code @ProcessElement} (a size flush) and in {@code @OnTimer} (a
 * stale or expiry flush); and with a key coder that cannot encode one key, {@link
 * #UNENCODABLE_KEY}. The campaign's batched-RPC rounds run it, so a DoFn and a timer that keep
 * failing for one key, and a key coder that throws, are part of every round.
 */
public final class PoisonKeyPipeline implements PipelineProvider {
  public static final String KEY = "poison-key";
  public static final String UNENCODABLE_KEY = "unencodable-key";

  /** UTF-8, except for {@link #UNENCODABLE_KEY}, which it refuses. */
  static final class FailingKeyCoder extends AtomicCoder<String> {
    @Override
    public void encode(String value, OutputStream out) throws IOException {
      if (UNENCODABLE_KEY.equals(value)) {
        throw new CoderException("the key coder cannot encode " + value);
      }
      StringUtf8Coder.of().encode(value, out);
    }

    @Override
    public String decode(InputStream in) throws IOException {
      return StringUtf8Coder.of().decode(in);
    }

    @Override
    public void verifyDeterministic() {}
  }

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
    return BatchedRpcPipeline.pipeline(
        BatchedRpcPipeline.MAX_BUFFER_SIZE, new FailingForOneKey(), new FailingKeyCoder());
  }
}
