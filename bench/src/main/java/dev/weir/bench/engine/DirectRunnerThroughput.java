package dev.weir.bench.engine;

import static dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline.ALLOWED_LATENESS;
import static dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline.MAX_BUFFER_DURATION;
import static dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline.MAX_BUFFER_SIZE;
import static dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline.OUT_OF_ORDERNESS;
import static dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline.WINDOW;

import dev.weir.functions.examples.batchedrpc.BatchedRpcFn;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;

/**
 * The blog's {@link BatchedRpcFn} on Beam's DirectRunner, the runner Beam users test stateful DoFns
 * on: a {@link TestStream} replays the events in arrival order, 1,000 at a time, moving the
 * watermark after each chunk to 5 s behind the largest event time so far (the pipeline's declared
 * out-of-orderness, never backwards), then to infinity so every buffer is flushed by its expiry
 * timer. One-minute fixed windows with 30 s allowed lateness, the DoFn with the pipeline's limits.
 *
 * <p>Measured, as every engine: from the records' bytes to the pipeline's end, decoding them (once,
 * while building the TestStream, whose timestamps and watermark steps need their event times) and
 * building the pipeline included. Outputs are counted by the DoFn's own enrichment service (one per
 * enriched event), so no step is added to the pipeline. Two configurations: the DirectRunner's
 * defaults (parallelism of at least 3 threads, encodability and immutability enforcement on: the
 * runner as people test with it), and the same with both enforcements off (Weir and Flink make
 * neither check). Its processing time is the TestStream's clock, which this stream never advances,
 * so stale timers do not fire here; every buffer not flushed by size is flushed by its expiry
 * timer.
 */
public final class DirectRunnerThroughput {
  private static final int CHUNK = 1_000;
  private static final String ENRICHMENT = "bench-direct-runner";

  private DirectRunnerThroughput() {}

  /**
   * The DirectRunner as a contender, with its encodability and immutability checks on (its default)
   * or off.
   */
  public static EngineContender contender(boolean enforcement) {
    return new EngineContender() {
      @Override
      public String name() {
        return enforcement ? "directRunner" : "directRunnerNoChecks";
      }

      @Override
      public EngineResult runOnce(List<StreamRecord> records) {
        return timed(records, enforcement);
      }
    };
  }

  private static EngineResult timed(List<StreamRecord> records, boolean enforcement) {
    long start = System.nanoTime();
    List<Event> events = new ArrayList<>(records.size());
    records.forEach(record -> events.add(record.event()));
    CountingEnrichment enrichment = new CountingEnrichment(ENRICHMENT);
    enrichment.reset();
    Pipeline pipeline = Pipeline.create(options(enforcement));
    pipeline
        .apply(testStream(events))
        .apply(
            Window.<KV<String, Event>>into(FixedWindows.of(WINDOW))
                .withAllowedLateness(ALLOWED_LATENESS)
                .discardingFiredPanes())
        .apply(
            ParDo.of(
                new BatchedRpcFn(
                    MAX_BUFFER_SIZE, MAX_BUFFER_DURATION, ALLOWED_LATENESS, enrichment)));
    pipeline.run().waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EngineResult(events.size() / seconds, CountingEnrichment.enriched(ENRICHMENT));
  }

  private static PipelineOptions options(boolean enforcement) {
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setEnforceEncodability(enforcement);
    options.setEnforceImmutability(enforcement);
    return options;
  }

  /** The events in arrival order, in chunks, each followed by a watermark step. */
  static TestStream<KV<String, Event>> testStream(List<Event> events) {
    TestStream.Builder<KV<String, Event>> stream =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), EventCoder.of()));
    long maxEventTime = Long.MIN_VALUE;
    long watermark = Long.MIN_VALUE;
    for (int offset = 0; offset < events.size(); offset += CHUNK) {
      List<Event> chunk = events.subList(offset, Math.min(events.size(), offset + CHUNK));
      @SuppressWarnings({"unchecked", "rawtypes"})
      TimestampedValue<KV<String, Event>>[] values = new TimestampedValue[chunk.size()];
      for (int i = 0; i < values.length; i++) {
        Event event = chunk.get(i);
        values[i] = TimestampedValue.of(KV.of(event.key(), event), event.eventTime());
        maxEventTime = Math.max(maxEventTime, event.eventTimeMillis());
      }
      stream = stream.addElements(values[0], Arrays.copyOfRange(values, 1, values.length));
      long next = maxEventTime - OUT_OF_ORDERNESS.getMillis();
      if (next > watermark) {
        watermark = next;
        stream = stream.advanceWatermarkTo(new Instant(watermark));
      }
    }
    return stream.advanceWatermarkToInfinity();
  }
}
