package dev.weir.functions.examples.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.pipeline.KinesisRecord;
import dev.weir.pipeline.PipelineProvider;
import dev.weir.pipeline.RecordParser;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.watermark.WatermarkPolicy;
import java.io.IOException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Per-user visits: page views as JSON ({@code {"user": "alice", "page": "/home", "time":
 * "2026-12-01T10:00:05Z"}}) in session windows of {@link #GAP} inactivity, summarised by {@link
 * SessionVisitsFn} when each visit closes. Run it locally with {@code ./weir run --pipeline
 * dev.weir.functions.examples.sessions.SessionVisitsPipeline --input sampledata/visits.jsonl}.
 */
public final class SessionVisitsPipeline implements PipelineProvider {
  public static final String NAME = "session-visits";

  /** A visit ends after this long without a view. */
  public static final Duration GAP = Duration.standardMinutes(5);

  /** Views this late still correct their visit (it is output again). */
  public static final Duration ALLOWED_LATENESS = Duration.standardMinutes(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public WeirPipeline<String, String, String> pipeline() {
    return WeirPipeline.<String, String, String>builder(NAME)
        .records(SessionVisitsPipeline::parse, StringUtf8Coder.of(), StringUtf8Coder.of())
        .windowing(Sessions.withGapDuration(GAP), ALLOWED_LATENESS)
        .watermark(WatermarkPolicy.boundedOutOfOrderness(Duration.standardSeconds(10)))
        .doFn(new SessionVisitsFn(), StringUtf8Coder.of())
        .build();
  }

  /** Key = the user, value = the page, event time = the view's time; anything else throws. */
  static RecordParser.Parsed<String, String> parse(KinesisRecord record) throws IOException {
    JsonNode view = JSON.readTree(record.data());
    return new RecordParser.Parsed<>(
        field(view, "user"), field(view, "page"), Instant.parse(field(view, "time")));
  }

  private static String field(JsonNode view, String name) throws IOException {
    JsonNode field = view == null ? null : view.get(name);
    if (field == null || !field.isTextual()) {
      throw new IOException("a page view needs a text field \"" + name + "\"");
    }
    return field.asText();
  }
}
