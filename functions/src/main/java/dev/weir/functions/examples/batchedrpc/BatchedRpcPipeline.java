package dev.weir.functions.examples.batchedrpc;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.pipeline.PipelineProvider;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.watermark.WatermarkPolicy;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.joda.time.Duration;

/**
 * The batched-RPC pipeline: JSON events keyed by {@code key}, one-minute fixed windows with 30 s
 * allowed lateness, a watermark 5 s behind the largest event time, batches of up to 10 events
 * flushed after at most 1 s of processing time.
 */
public final class BatchedRpcPipeline implements PipelineProvider {
  public static final String NAME = "batched-rpc";
  public static final int MAX_BUFFER_SIZE = 10;
  public static final Duration MAX_BUFFER_DURATION = Duration.standardSeconds(1);
  public static final Duration WINDOW = Duration.standardMinutes(1);
  public static final Duration ALLOWED_LATENESS = Duration.standardSeconds(30);
  public static final Duration OUT_OF_ORDERNESS = Duration.standardSeconds(5);

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  @Override
  public WeirPipeline<String, Event, EnrichedEvent> pipeline() {
    return pipeline(MAX_BUFFER_SIZE, new CountingEnrichment(NAME));
  }

  /**
   * Three keys of twelve events each: every key fills a buffer (a size flush), leaves two events
   * for the stale timer and the window's expiry. The stand-in enrichment has no external effect.
   */
  @Override
  public List<byte[]> primingRecords() {
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 36; i++) {
      records.add(
          encode(
              new Event(
                  "priming-" + i % 3,
                  i,
                  1_700_000_000_000L + i * 100L,
                  "page-view:/products/" + i + ':' + "x".repeat(64))));
    }
    return records;
  }

  /** The pipeline with a given buffer size and enrichment service (tests use small sizes). */
  public static WeirPipeline<String, Event, EnrichedEvent> pipeline(
      int maxBufferSize, EnrichmentService enrichment) {
    return pipeline(maxBufferSize, enrichment, StringUtf8Coder.of());
  }

  /** The pipeline with its keys encoded by {@code keyCoder} (tests use a coder that fails). */
  public static WeirPipeline<String, Event, EnrichedEvent> pipeline(
      int maxBufferSize, EnrichmentService enrichment, Coder<String> keyCoder) {
    return WeirPipeline.<String, Event, EnrichedEvent>builder(NAME)
        .input(BatchedRpcPipeline::decode, EventCoder.of())
        .key(Event::key, keyCoder)
        .eventTime(Event::eventTime)
        .windowing(FixedWindows.of(WINDOW), ALLOWED_LATENESS)
        .watermark(WatermarkPolicy.boundedOutOfOrderness(OUT_OF_ORDERNESS))
        .doFn(
            new BatchedRpcFn(maxBufferSize, MAX_BUFFER_DURATION, ALLOWED_LATENESS, enrichment),
            EnrichedEventCoder.of())
        .build();
  }

  /** Encodes an {@link Event} as the JSON record producers put into the input stream. */
  public static byte[] encode(Event event) {
    try {
      return JSON.writeValueAsBytes(event);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + event, e);
    }
  }

  /** Decodes one record's JSON into an {@link Event}. */
  public static Event decode(byte[] json) throws java.io.IOException {
    return JSON.readValue(json, Event.class);
  }
}
