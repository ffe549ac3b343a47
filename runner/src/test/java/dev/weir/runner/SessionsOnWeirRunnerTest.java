package dev.weir.runner;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A Beam pipeline with a stateful DoFn on session windows, which Beam's own runners refuse, runs on
 * WeirRunner: the windows the pipeline assigns are merged by Weir's engine, with their state.
 */
class SessionsOnWeirRunnerTest {
  /** Collects a session's values; outputs {@code key [start,end) values} at its end. */
  static class CollectFn extends DoFn<KV<String, Long>, String> {
    @StateId("values")
    private final StateSpec<BagState<Long>> valuesSpec = StateSpecs.bag(VarLongCoder.of());

    @TimerId("end")
    private final TimerSpec endSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(
        @Element KV<String, Long> element,
        @StateId("values") BagState<Long> values,
        @TimerId("end") Timer end,
        IntervalWindow window) {
      values.add(element.getValue());
      end.set(window.maxTimestamp());
    }

    @OnTimer("end")
    public void onEnd(
        @Key String key,
        @StateId("values") BagState<Long> values,
        IntervalWindow window,
        OutputReceiver<String> out) {
      List<Long> sorted = new ArrayList<>();
      values.read().forEach(sorted::add);
      sorted.sort(null);
      out.output(
          key + " [" + window.start().getMillis() + "," + window.end().getMillis() + ") " + sorted);
    }
  }

  @Test
  void aStatefulDoFnOnSessionWindowsRunsWithItsSessionsMerged() {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(WeirRunner.class);
    Pipeline p = Pipeline.create(options);
    PCollection<String> sessions =
        p.apply(
                Create.timestamped(
                    TimestampedValue.of(KV.of("a", 1L), new Instant(0)),
                    TimestampedValue.of(KV.of("a", 2L), new Instant(5_000)),
                    TimestampedValue.of(KV.of("a", 3L), new Instant(20_000)),
                    TimestampedValue.of(KV.of("a", 4L), new Instant(12_000)), // bridges both
                    TimestampedValue.of(KV.of("a", 5L), new Instant(60_000)),
                    TimestampedValue.of(KV.of("b", 6L), new Instant(1_000))))
            .apply(Window.into(Sessions.withGapDuration(Duration.standardSeconds(10))))
            .apply(ParDo.of(new CollectFn()));

    PAssert.that(sessions)
        .containsInAnyOrder(
            "a [0,30000) [1, 2, 3, 4]", "a [60000,70000) [5]", "b [1000,11000) [6]");
    p.run();
  }
}
