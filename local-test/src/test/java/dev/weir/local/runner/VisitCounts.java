package dev.weir.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.pipeline.RecordParser;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A team's Beam transform: page views ({@code KV<user, page>}) in minute windows, counted per user
 * with state and an event-time timer, {@code user@windowStart=count} output as each window closes.
 */
public final class VisitCounts
    extends PTransform<PCollection<KV<String, String>>, PCollection<String>> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code {"user": "alice", "page": "/home", "time": 1764583201000}} as {@code KV}. */
  public static final RecordParser<String, String> PARSER =
      record -> {
        JsonNode view = JSON.readTree(record.data());
        return new RecordParser.Parsed<>(
            view.get("user").asText(),
            view.get("page").asText(),
            new Instant(view.get("time").asLong()));
      };

  @Override
  public PCollection<String> expand(PCollection<KV<String, String>> views) {
    return views
        .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))))
        .apply(ParDo.of(new CountAtWindowEnd()));
  }

  static final class CountAtWindowEnd extends DoFn<KV<String, String>, String> {
    @StateId("count")
    private final StateSpec<ValueState<Long>> countSpec = StateSpecs.value(VarLongCoder.of());

    @TimerId("end")
    private final TimerSpec endSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(
        @StateId("count") ValueState<Long> count, @TimerId("end") Timer end, BoundedWindow window) {
      Long before = count.read();
      count.write(before == null ? 1 : before + 1);
      end.set(window.maxTimestamp());
    }

    @OnTimer("end")
    public void onEnd(
        @Key String user,
        @StateId("count") ValueState<Long> count,
        BoundedWindow window,
        OutputReceiver<String> out) {
      out.output(user + "@" + ((IntervalWindow) window).start().getMillis() + "=" + count.read());
    }
  }
}
