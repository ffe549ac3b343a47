package dev.weir.runner.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.InputRecord;
import dev.weir.engine.WeirEngine;
import dev.weir.pipeline.RecordParser;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.runner.WeirRunner;
import dev.weir.sink.EngineOutput;
import dev.weir.store.memory.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A Beam pipeline tested on WeirRunner is deployed from the same code: its stateful stage, taken
 * out as the functions' pipeline, outputs on Weir's engine what the pipeline output on the runner.
 */
class StatefulStageDeploymentTest {
  /** Counts a key's events per window; outputs {@code key@windowStart=count} as it closes. */
  static class CountAtWindowEnd extends DoFn<KV<String, String>, String> {
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
        @Key String key,
        @StateId("count") ValueState<Long> count,
        BoundedWindow window,
        OutputReceiver<String> out) {
      out.output(key + "@" + ((IntervalWindow) window).start().getMillis() + "=" + count.read());
    }
  }

  /** The transform a team writes and tests: minute windows, then the stateful count. */
  static class CountPerMinute
      extends PTransform<PCollection<KV<String, String>>, PCollection<String>> {
    @Override
    public PCollection<String> expand(PCollection<KV<String, String>> events) {
      return events
          .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))))
          .apply(ParDo.of(new CountAtWindowEnd()));
    }
  }

  private static final String[] EVENTS = {"alice:1000", "alice:30000", "bob:5000", "alice:70000"};
  private static final List<String> EXPECTED = List.of("alice@0=2", "bob@0=1", "alice@60000=1");

  /** A record {@code key:millis} is the key's event at that time. */
  private static final RecordParser<String, String> PARSER =
      record -> {
        String[] parts = new String(record.data(), StandardCharsets.UTF_8).split(":");
        return new RecordParser.Parsed<>(parts[0], parts[1], new Instant(Long.parseLong(parts[1])));
      };

  private static Pipeline onWeirRunner() {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(WeirRunner.class);
    return Pipeline.create(options);
  }

  /** The pipeline as deployed: a placeholder source the functions' input stream replaces. */
  private static Pipeline forDeployment() {
    Pipeline beam = Pipeline.create();
    beam.apply(Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
        .apply(new CountPerMinute());
    return beam;
  }

  @Test
  void theTestedPipelineOutputsTheCountsOnWeirRunner() {
    Pipeline p = onWeirRunner();
    List<TimestampedValue<KV<String, String>>> events = new ArrayList<>();
    for (String event : EVENTS) {
      String[] parts = event.split(":");
      events.add(
          TimestampedValue.of(KV.of(parts[0], parts[1]), new Instant(Long.parseLong(parts[1]))));
    }
    PCollection<String> counts = p.apply(Create.timestamped(events)).apply(new CountPerMinute());

    PAssert.that(counts).containsInAnyOrder(EXPECTED);
    p.run();
  }

  @Test
  void itsStatefulStageDeployedOutputsTheSameOnTheEngine() {
    WeirPipeline<String, String, String> deployed =
        StatefulStageDeployment.<String, String, String>of(forDeployment(), "counts", PARSER)
            .build();
    InMemoryStore store = new InMemoryStore();
    List<EngineOutput<String>> outputs = new ArrayList<>();
    try (WeirEngine<String, String, String> engine =
        new WeirEngine<>(deployed, store.asStores(), outputs::addAll)) {
      List<InputRecord> records = new ArrayList<>();
      for (String event : EVENTS) {
        records.add(
            new InputRecord(
                String.format("%05d", records.size() + 1),
                event.split(":")[0],
                event.getBytes(StandardCharsets.UTF_8),
                new Instant(0)));
      }
      engine.processBundle("shard-0", records, new Instant(0));
      store.advanceGlobalWatermark(BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis());
      engine.fireEventTimers(new Instant(0));
    }

    assertThat(deployed.windowingStrategy().getWindowFn())
        .isEqualTo(FixedWindows.of(Duration.standardMinutes(1)));
    assertThat(outputs.stream().map(EngineOutput::value))
        .containsExactlyInAnyOrderElementsOf(EXPECTED);
  }

  static class Stateless extends DoFn<KV<String, String>, String> {
    @ProcessElement
    public void process(@Element KV<String, String> element, OutputReceiver<String> out) {
      out.output(element.getValue());
    }
  }

  private static final TupleTag<String> MAIN = new TupleTag<>() {};
  private static final TupleTag<String> OTHER = new TupleTag<>() {};

  @Test
  void whatTheFunctionsCannotRunIsRefusedNamingWhy() {
    Pipeline none = Pipeline.create();
    none.apply(Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
        .apply(ParDo.of(new Stateless()));
    assertThatThrownBy(() -> StatefulStageDeployment.of(none, "x", PARSER))
        .hasMessageContaining("no stateful ParDo");

    Pipeline two = Pipeline.create();
    PCollection<KV<String, String>> input =
        two.apply(Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())));
    input.apply("first", new CountPerMinute());
    input.apply("second", new CountPerMinute());
    assertThatThrownBy(() -> StatefulStageDeployment.of(two, "x", PARSER))
        .hasMessageContaining("one stateful ParDo until multi-stage pipelines exist")
        .hasMessageContaining("first")
        .hasMessageContaining("second");

    Pipeline tagged = Pipeline.create();
    tagged
        .apply(Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
        .apply(ParDo.of(new CountAtWindowEnd()).withOutputTags(MAIN, TupleTagList.of(OTHER)));
    assertThatThrownBy(() -> StatefulStageDeployment.of(tagged, "x", PARSER))
        .hasMessageContaining("additional outputs");

    Pipeline withSide = Pipeline.create();
    PCollection<KV<String, String>> events =
        withSide.apply(Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())));
    events.apply(ParDo.of(new CountAtWindowEnd()).withSideInputs(events.apply(View.asList())));
    assertThatThrownBy(() -> StatefulStageDeployment.of(withSide, "x", PARSER))
        .hasMessageContaining("side inputs");
  }
}
