package dev.weir.local.faults;

import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import dev.weir.pipeline.PipelineProvider;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.watermark.WatermarkPolicy;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.CombiningState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;

/**
 * The campaign's event-time-only pipeline: per key and sliding window (two minutes, every minute),
 * the number of events and the sum of their ids, output once when the window expires
 * ({@code @OnWindowExpiration}). Its outputs depend only on its input, never on timing, so a run
 * under faults must output exactly what a fault-free run does: an event applied twice shows as a
 * larger count, a lost one as a smaller count or a missing window.
 */
public final class WindowSumPipeline implements PipelineProvider {
  static final String NAME = "window-sum";
  static final Duration SIZE = Duration.standardMinutes(2);
  static final Duration PERIOD = Duration.standardMinutes(1);

  /** Far more than the input's disorder: no event is late by design. */
  static final Duration OUT_OF_ORDERNESS = Duration.standardSeconds(30);

  @Override
  public WeirPipeline<String, Event, String> pipeline() {
    return WeirPipeline.<String, Event, String>builder(NAME)
        .input(BatchedRpcPipeline::decode, EventCoder.of())
        .key(Event::key, StringUtf8Coder.of())
        .eventTime(Event::eventTime)
        .windowing(SlidingWindows.of(SIZE).every(PERIOD), Duration.ZERO)
        .watermark(WatermarkPolicy.boundedOutOfOrderness(OUT_OF_ORDERNESS))
        .doFn(new WindowSumFn(), StringUtf8Coder.of())
        .build();
  }

  /** The output for {@code key} in the window starting at {@code startMillis}. */
  static String output(String key, long startMillis, long count, long sum) {
    return key + '|' + startMillis + '|' + count + '|' + sum;
  }

  /** Counts and sums per key and window; outputs both when the window expires. */
  public static final class WindowSumFn extends DoFn<KV<String, Event>, String> {
    @StateId("count")
    private final StateSpec<CombiningState<Long, long[], Long>> countSpec =
        StateSpecs.combining(Sum.ofLongs());

    @StateId("sum")
    private final StateSpec<CombiningState<Long, long[], Long>> sumSpec =
        StateSpecs.combining(Sum.ofLongs());

    @ProcessElement
    public void process(
        @Element KV<String, Event> element,
        @StateId("count") CombiningState<Long, long[], Long> count,
        @StateId("sum") CombiningState<Long, long[], Long> sum) {
      TransientDoFnFailures.maybeFail(element.getValue().id());
      count.add(1L);
      sum.add(element.getValue().id());
    }

    @OnWindowExpiration
    public void onExpiration(
        @Key String key,
        BoundedWindow window,
        @StateId("count") CombiningState<Long, long[], Long> count,
        @StateId("sum") CombiningState<Long, long[], Long> sum,
        OutputReceiver<String> out) {
      long start = ((IntervalWindow) window).start().getMillis();
      out.output(output(key, start, count.read(), sum.read()));
    }
  }
}
