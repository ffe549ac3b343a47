package dev.weir.local.moto;

import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import dev.weir.pipeline.PipelineProvider;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.watermark.WatermarkPolicy;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.MapState;
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
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;

/**
 * A pipeline whose timers set timers, so that every function creates a wake-up schedule: each
 * element sets an event-time {@code tick} at its window's end and a processing-time {@code tock}; a
 * {@code tick} (fired by the watermark function) sets a {@code tock}; a {@code tock} (fired by the
 * timer function or a sweep) sets the next, five in all. Payloads are kept in a bag that a {@code
 * tick} clears, so a large payload moves its key's state out of the header item into items of their
 * own. A key named {@code wide...} writes {@value #WIDE_ENTRIES} map entries when it takes an
 * element and when its first tock fires: commits larger than one DynamoDB transaction. What a
 * user's DoFn may do, and so what every function's role must allow.
 */
public final class TimerChainPipeline implements PipelineProvider {
  static final String NAME = "timer-chain";
  static final int TOCKS = 5;
  static final int WIDE_ENTRIES = 150;
  static final Duration ALLOWED_LATENESS = Duration.standardHours(1);

  @Override
  public WeirPipeline<String, Event, String> pipeline() {
    return WeirPipeline.<String, Event, String>builder(NAME)
        .input(BatchedRpcPipeline::decode, EventCoder.of())
        .key(Event::key, StringUtf8Coder.of())
        .eventTime(Event::eventTime)
        .windowing(FixedWindows.of(Duration.standardMinutes(1)), ALLOWED_LATENESS)
        .watermark(WatermarkPolicy.boundedOutOfOrderness(Duration.ZERO))
        .doFn(new TimerChainFn(), StringUtf8Coder.of())
        .build();
  }

  /**
   * The DoFn: timers that set timers. The first tock, and a timer that fires {@code once} and sets
   * nothing, are set two seconds ahead.
   */
  public static final class TimerChainFn extends DoFn<KV<String, Event>, String> {
    private static final Duration SOON = Duration.millis(1);

    /** Later than the end of the bundle that sets it: the timer is stored, fired by another. */
    static final Duration FIRST_TOCK = Duration.standardSeconds(2);

    @StateId("tocks")
    private final StateSpec<ValueState<Integer>> tocksSpec = StateSpecs.value();

    @StateId("payloads")
    private final StateSpec<BagState<String>> payloadsSpec = StateSpecs.bag();

    @StateId("wide")
    private final StateSpec<ValueState<Boolean>> wideSpec = StateSpecs.value();

    @StateId("entries")
    private final StateSpec<MapState<String, String>> entriesSpec = StateSpecs.map();

    @TimerId("tick")
    private final TimerSpec tickSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @TimerId("tock")
    private final TimerSpec tockSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    @TimerId("once")
    private final TimerSpec onceSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    @ProcessElement
    public void processElement(
        @Element KV<String, Event> element,
        BoundedWindow window,
        @StateId("payloads") BagState<String> payloads,
        @StateId("wide") ValueState<Boolean> wide,
        @StateId("entries") MapState<String, String> entries,
        @TimerId("tick") Timer tick,
        @TimerId("tock") Timer tock,
        @TimerId("once") Timer once) {
      payloads.add(element.getValue().payload());
      if (element.getKey().startsWith("wide")) {
        wide.write(true);
        writeEntries(entries, "element-" + element.getValue().id());
        entries.remove("tock-0");
      }
      tick.set(window.maxTimestamp());
      tock.offset(FIRST_TOCK).setRelative();
      once.offset(FIRST_TOCK).setRelative();
    }

    @OnTimer("once")
    public void onOnce(OnTimerContext context) {
      context.output("once");
    }

    @OnTimer("tick")
    public void onTick(
        OnTimerContext context,
        @StateId("payloads") BagState<String> payloads,
        @TimerId("tock") Timer tock) {
      payloads.clear();
      context.output("tick");
      tock.offset(SOON).setRelative();
    }

    @OnTimer("tock")
    public void onTock(
        OnTimerContext context,
        @StateId("tocks") ValueState<Integer> tocks,
        @StateId("wide") ValueState<Boolean> wide,
        @StateId("entries") MapState<String, String> entries,
        @TimerId("tock") Timer tock) {
      int count = (tocks.read() == null ? 0 : tocks.read()) + 1;
      tocks.write(count);
      if (count == 1 && Boolean.TRUE.equals(wide.read())) {
        writeEntries(entries, "tock");
      }
      context.output("tock-" + count);
      if (count < TOCKS) {
        tock.offset(SOON).setRelative();
      }
    }

    private static void writeEntries(MapState<String, String> entries, String prefix) {
      for (int i = 0; i < WIDE_ENTRIES; i++) {
        entries.put(prefix + "-" + i, "v".repeat(100));
      }
    }
  }
}
