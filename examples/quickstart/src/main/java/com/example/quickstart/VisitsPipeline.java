package com.example.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.pipeline.KinesisRecord;
import dev.weir.pipeline.PipelineProvider;
import dev.weir.pipeline.RecordParser;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.watermark.WatermarkPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The pipeline the functions run: page views as JSON records ({@code {"user": "alice", "page":
 * "/home", "time": "2026-12-01T10:00:05Z"}}) become {@code KV<user, page>} timestamped by {@code
 * time}, counted per visit by {@link VisitsFn}. Named by the template's {@code PipelineClass}.
 */
public final class VisitsPipeline implements PipelineProvider {
  public static final String NAME = "visits";

  /** How far behind the latest event time the watermark stays, for out-of-order views. */
  public static final Duration OUT_OF_ORDERNESS = Duration.standardSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public WeirPipeline<String, String, KV<String, Long>> pipeline() {
    return WeirPipeline.<String, String, KV<String, Long>>builder(NAME)
        .records(VisitsPipeline::parse, StringUtf8Coder.of(), StringUtf8Coder.of())
        .windowing(new GlobalWindows(), Duration.ZERO)
        .watermark(WatermarkPolicy.boundedOutOfOrderness(OUT_OF_ORDERNESS))
        .doFn(new VisitsFn(), KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .build();
  }

  /** A view to warm the functions with before their first event (SnapStart priming). */
  @Override
  public List<byte[]> primingRecords() {
    return List.of(
        "{\"user\":\"priming\",\"page\":\"/\",\"time\":\"2026-01-01T00:00:00Z\"}"
            .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Key = the user, value = the page, event time = the view's time. A record that is not such JSON
   * throws, and Weir dead-letters it alone (reason {@code undecodable}).
   */
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
