package dev.weir.functions.conformance;

import dev.weir.functions.examples.batchedrpc.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.CombiningState;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.OrderedListState;
import org.apache.beam.sdk.state.SetState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Exercises map, set, ordered-list and combining state: announces each payload the first time a key
 * sees it in a window, and at the window's end reports per-payload counts, the id sum, and the
 * ordered list split at the window's half (read and cleared by range).
 */
class CollectionsFn extends DoFn<KV<String, Event>, String> {
  @StateId("seen")
  private final StateSpec<SetState<String>> seenSpec = StateSpecs.set(StringUtf8Coder.of());

  @StateId("counts")
  private final StateSpec<MapState<String, Integer>> countsSpec =
      StateSpecs.map(StringUtf8Coder.of(), VarIntCoder.of());

  @StateId("timeline")
  private final StateSpec<OrderedListState<Long>> timelineSpec =
      StateSpecs.orderedList(VarLongCoder.of());

  @StateId("idSum")
  private final StateSpec<CombiningState<Long, long[], Long>> idSumSpec =
      StateSpecs.combining(Sum.ofLongs());

  @TimerId("report")
  private final TimerSpec reportSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @ProcessElement
  public void process(
      @Element KV<String, Event> element,
      @Timestamp Instant timestamp,
      IntervalWindow window,
      @StateId("seen") SetState<String> seen,
      @StateId("counts") MapState<String, Integer> counts,
      @StateId("timeline") OrderedListState<Long> timeline,
      @StateId("idSum") CombiningState<Long, long[], Long> idSum,
      @TimerId("report") Timer report,
      OutputReceiver<String> out) {
    Event event = element.getValue();
    if (seen.addIfAbsent(event.payload()).read()) {
      out.output("first " + event.payload() + " for " + element.getKey());
    }
    counts.put(event.payload(), counts.getOrDefault(event.payload(), 0).read() + 1);
    timeline.add(TimestampedValue.of(event.id(), timestamp));
    idSum.add(event.id());
    report.set(window.maxTimestamp());
  }

  @OnTimer("report")
  public void onReport(
      @Key String key,
      IntervalWindow window,
      @StateId("seen") SetState<String> seen,
      @StateId("counts") MapState<String, Integer> counts,
      @StateId("timeline") OrderedListState<Long> timeline,
      @StateId("idSum") CombiningState<Long, long[], Long> idSum,
      OutputReceiver<String> out) {
    Map<String, Integer> sorted = new TreeMap<>();
    for (Map.Entry<String, Integer> entry : counts.entries().read()) {
      sorted.put(entry.getKey(), entry.getValue());
    }
    Instant half =
        window
            .start()
            .plus(
                Duration.millis(window.end().getMillis() - window.start().getMillis())
                    .dividedBy(2));
    List<Long> firstHalf = times(timeline.readRange(window.start(), half));
    timeline.clearRange(window.start(), half);
    List<Long> rest = times(timeline.read());
    out.output(
        key
            + " counts="
            + sorted
            + " distinct="
            + new TreeSet<String>(toList(seen.read()))
            + " idSum="
            + idSum.read()
            + " firstHalf="
            + firstHalf
            + " rest="
            + rest);
  }

  private static List<Long> times(Iterable<TimestampedValue<Long>> values) {
    List<Long> times = new ArrayList<>();
    values.forEach(v -> times.add(v.getTimestamp().getMillis()));
    return times;
  }

  private static List<String> toList(Iterable<String> values) {
    List<String> list = new ArrayList<>();
    values.forEach(list::add);
    return list;
  }
}
