package dev.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Output ids name one output for good: consumers drop duplicates by id, so two different outputs
 * must never share one, and replaying the same work must give the same ids.
 */
class OutputIdsTest {
  /** Remembers the last value and emits it when an event-time timer at a fixed time fires. */
  static class FixedTimeEcho extends DoFn<KV<String, String>, String> {
    @StateId("last")
    private final StateSpec<ValueState<String>> last = StateSpecs.value(StringUtf8Coder.of());

    @TimerId("at")
    private final TimerSpec at = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(
        @Element KV<String, String> element,
        @StateId("last") ValueState<String> last,
        @TimerId("at") Timer timer) {
      last.write(element.getValue());
      timer.set(new Instant(1_000));
    }

    @OnTimer("at")
    public void onTimer(@StateId("last") ValueState<String> last, OutputReceiver<String> out) {
      out.output(last.read());
    }
  }

  private static WeirTestDriver<String, String, String> driver() {
    return WeirTestDriver.of(
        WeirPipeline.<String, String, String>builder("fixed-time-echo")
            .input(String::new, StringUtf8Coder.of())
            .key(v -> "k", StringUtf8Coder.of())
            .eventTime(v -> new Instant(500))
            .doFn(new FixedTimeEcho(), StringUtf8Coder.of())
            .build());
  }

  @Test
  void aTimerSetAgainForTheSameTimeAfterFiringGivesItsOutputANewId() {
    try (WeirTestDriver<String, String, String> driver = driver()) {
      driver.send("first");
      driver.advanceWatermarkTo(new Instant(2_000));
      driver.send("second"); // sets the timer at 1 000 again, behind the watermark: fires now

      List<EngineOutput<String>> outputs = driver.outputs();

      assertThat(outputs).extracting(EngineOutput::value).containsExactly("first", "second");
      assertThat(outputs).extracting(EngineOutput::id).doesNotHaveDuplicates();
    }
  }

  @Test
  void theSameWorkOnTheSameStateGivesTheSameIds() {
    List<String> ids;
    try (WeirTestDriver<String, String, String> driver = driver()) {
      driver.send("first");
      driver.advanceWatermarkTo(new Instant(2_000));
      ids = driver.outputs().stream().map(EngineOutput::id).toList();
    }
    try (WeirTestDriver<String, String, String> again = driver()) {
      again.send("first");
      again.advanceWatermarkTo(new Instant(2_000));
      assertThat(again.outputs()).extracting(EngineOutput::id).isEqualTo(ids);
    }
  }

  @Test
  void idsThroughTheEngineArePinnedAcrossVersions() {
    try (WeirTestDriver<String, String, String> driver = driver()) {
      driver.send("first");
      driver.advanceWatermarkTo(new Instant(2_000));
      driver.send("second");

      // Key encoding, window namespace and timer causes included: see OutputIdsGoldenTest.
      assertThat(driver.outputs())
          .extracting(EngineOutput::id)
          .containsExactly(
              "9183de2b-78ce-3a43-9e77-e6081d0d451e", "a32f04e8-d0ce-34da-811b-81d86dd0c16d");
    }
  }
}
