package dev.weir.bench.sessions;

import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.sessions.SessionVisitsFn;
import dev.weir.pipeline.PipelineProvider;
import dev.weir.pipeline.RecordParser;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.watermark.WatermarkPolicy;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.joda.time.Duration;

/**
 * The bench's page views (the other workloads' records) as visits: per user, session windows of
 * {@link #GAP} inactivity, summarised by the session example's {@link SessionVisitsFn} (views,
 * first and last page, duration) when each visit closes. With the {@code sessions} workload's users
 * viewing a page every ten seconds on average, most views extend a visit, and the out-of-order ones
 * merge two.
 */
public final class SessionBenchPipeline implements PipelineProvider {
  public static final Duration GAP = Duration.standardSeconds(15);

  @Override
  public WeirPipeline<String, String, String> pipeline() {
    RecordParser<String, String> views =
        record -> {
          Event view = BatchedRpcPipeline.decode(record.data());
          return new RecordParser.Parsed<>(view.key(), view.payload(), view.eventTime());
        };
    return WeirPipeline.<String, String, String>builder("bench-sessions")
        .records(views, StringUtf8Coder.of(), StringUtf8Coder.of())
        .windowing(Sessions.withGapDuration(GAP), Duration.ZERO)
        .watermark(WatermarkPolicy.boundedOutOfOrderness(BatchedRpcPipeline.OUT_OF_ORDERNESS))
        .doFn(new SessionVisitsFn(), StringUtf8Coder.of())
        .build();
  }
}
