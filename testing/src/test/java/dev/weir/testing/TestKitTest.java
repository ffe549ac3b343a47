package dev.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.inspect.KeyState;
import dev.weir.inspect.PendingTimer;
import dev.weir.pipeline.Records;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.testing.WeirTestDriver.Element;
import dev.weir.timer.TimerDomain;
import dev.weir.watermark.WatermarkPolicy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The test kit as a user's test uses it: time through the sweep, outputs per window, key state. */
class TestKitTest {
  private static final Instant T0 = new Instant(1_699_999_980_000L); // on a minute
  private static final Duration MINUTE = Duration.standardMinutes(1);

  /** Counts a key's events per window; emits the count when the window's end passes. */
  static class CountFn extends DoFn<KV<String, Long>, KV<String, Long>> {
    @StateId("count")
    private final StateSpec<ValueState<Long>> countSpec = StateSpecs.value(VarLongCoder.of());

    @StateId("seen")
    private final StateSpec<BagState<Long>> seenSpec = StateSpecs.bag(VarLongCoder.of());

    @TimerId("end")
    private final TimerSpec endSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(
        @Element KV<String, Long> event,
        BoundedWindow window,
        @StateId("count") ValueState<Long> count,
        @StateId("seen") BagState<Long> seen,
        @TimerId("end") Timer end) {
      Long before = count.read();
      count.write(before == null ? 1 : before + 1);
      seen.add(event.getValue());
      end.set(window.maxTimestamp());
    }

    @OnTimer("end")
    public void end(
        @Key String key,
        @StateId("count") ValueState<Long> count,
        OutputReceiver<KV<String, Long>> out) {
      out.output(KV.of(key, count.read()));
      count.clear();
    }
  }

  private static WeirPipeline<String, Long, KV<String, Long>> pipeline() {
    return WeirPipeline.<String, Long, KV<String, Long>>builder("counts")
        .records(
            Records.keyedByPartitionKeyAtArrival(
                bytes -> Long.parseLong(new String(bytes, StandardCharsets.UTF_8))),
            StringUtf8Coder.of(),
            VarLongCoder.of())
        .windowing(FixedWindows.of(MINUTE), Duration.ZERO)
        .watermark(WatermarkPolicy.boundedOutOfOrderness(Duration.standardSeconds(10)))
        .idleShardTimeout(Duration.standardMinutes(5))
        .doFn(new CountFn(), KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .build();
  }

  private static IntervalWindow window(int minute) {
    return new IntervalWindow(T0.plus(MINUTE.multipliedBy(minute)), MINUTE);
  }

  private static Element<String, Long> at(String key, long value, int second) {
    return Element.of(key, value, T0.plus(Duration.standardSeconds(second)));
  }

  @Test
  void theSweepMovesTheWatermarkThroughThePipelinesPolicyAndFiresTimers() {
    try (var driver = WeirTestDriver.of(pipeline(), T0)) {
      driver.sendElements(at("a", 1, 5), at("a", 2, 30), at("b", 3, 50));
      driver.sweep();
      assertThat(driver.outputs()).isEmpty(); // watermark: 50 s less 10 s of out-of-orderness

      driver.sendElements(at("a", 4, 75)); // the policy puts the watermark at 65 s
      driver.sweep();

      assertThat(driver.watermark()).isEqualTo(T0.plus(Duration.standardSeconds(65)));
      assertThat(driver.outputsIn(window(0)))
          .containsExactlyInAnyOrder(KV.of("a", 2L), KV.of("b", 1L));
      assertThat(driver.outputsIn(window(1))).isEmpty();
    }
  }

  @Test
  void aQuietShardHoldsTheWatermarkUntilItsIdleTimeoutThenFollowsTheClock() {
    try (var driver = WeirTestDriver.of(pipeline(), T0)) {
      driver.sendTo("shard-busy", List.of(at("a", 1, 5), at("a", 1, 200)));
      driver.sendTo("shard-quiet", List.of(at("b", 1, 5)));
      driver.advanceClock(Duration.standardMinutes(2));
      // the quiet shard's data says -5 s, and it has been quiet for less than its idle timeout
      assertThat(driver.outputs()).isEmpty();

      // after its idle timeout it follows the clock (less the timeout), past the first window
      driver.advanceClock(Duration.standardMinutes(5));
      assertThat(driver.outputsByWindow())
          .containsExactly(Map.entry(window(0), List.of(KV.of("a", 1L), KV.of("b", 1L))));
    }
  }

  @Test
  void aShardWithUnreadRecordsHoldsTheWatermarkHoweverLongItIsQuiet() {
    try (var driver = WeirTestDriver.of(pipeline(), T0)) {
      driver.sendTo("shard-busy", List.of(at("a", 1, 5), at("a", 1, 200)));
      driver.sendTo("shard-behind", List.of(at("b", 1, 5)));
      driver.backlog("shard-behind", true).advanceClock(Duration.standardMinutes(10));
      assertThat(driver.outputs()).isEmpty();

      driver.backlog("shard-behind", false).advanceClock(MINUTE);
      assertThat(driver.outputsIn(window(0))).hasSize(2);
    }
  }

  @Test
  void neitherClockGoesBack() {
    try (var driver = WeirTestDriver.of(pipeline(), T0)) {
      driver.advanceWatermarkTo(T0.plus(MINUTE));
      assertThatThrownBy(() -> driver.advanceWatermarkTo(T0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("watermark cannot go back");
      assertThatThrownBy(() -> driver.advanceProcessingTimeTo(T0.minus(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("processing time cannot go back");
      assertThatThrownBy(() -> driver.advanceClockTo(T0.minus(1)))
          .isInstanceOf(IllegalArgumentException.class);
      driver.advanceWatermarkTo(T0.plus(MINUTE)); // standing still is not going back
    }
  }

  @Test
  void aKeysStateAndPendingTimersAreReadablePerWindow() {
    try (var driver = WeirTestDriver.of(pipeline(), T0)) {
      driver.sendElements(at("a", 7, 5), at("a", 8, 20), at("a", 9, 65), at("b", 1, 5));

      KeyState<String> a = driver.keyState("a");

      assertThat(a.windows()).extracting(w -> w.window()).containsExactly(window(0), window(1));
      assertThat(a.windows().get(0).state())
          .containsExactly(Map.entry("count", 2L), Map.entry("seen", List.of(7L, 8L)));
      assertThat(a.windows().get(1).state())
          .containsExactly(Map.entry("count", 1L), Map.entry("seen", List.of(9L)));
      List<PendingTimer> userTimers =
          driver.pendingTimers("a").stream().filter(t -> !t.windowExpiry()).toList();
      assertThat(userTimers)
          .extracting(PendingTimer::timerId, PendingTimer::domain, PendingTimer::fireAt)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "end", TimerDomain.EVENT_TIME, window(0).maxTimestamp()),
              org.assertj.core.groups.Tuple.tuple(
                  "end", TimerDomain.EVENT_TIME, window(1).maxTimestamp()));
      assertThat(driver.pendingTimers("a")).anyMatch(PendingTimer::windowExpiry);
      assertThat(driver.keys()).containsExactlyInAnyOrder("a", "b");

      driver.advanceWatermarkToInfinity();

      assertThat(driver.keyState("a").windows()).isEmpty();
      assertThat(driver.keys()).isEmpty();
    }
  }
}
