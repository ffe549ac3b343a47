package dev.weir.functions.conformance;

import dev.weir.functions.examples.batchedrpc.Event;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.CombiningState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;

/**
 * A stateful, timely DoFn on session windows: the sum of the session's event ids (combining state)
 * and its ids (a bag), output when the session's end passes ({@code end}, again after late data)
 * and once more when the session expires ({@code expired}).
 */
public class SessionFn extends DoFn<KV<String, Event>, String> {
  @StateId("sum")
  private final StateSpec<CombiningState<Long, long[], Long>> sumSpec =
      StateSpecs.combining(Sum.ofLongs());

  @StateId("ids")
  private final StateSpec<BagState<Long>> idsSpec = StateSpecs.bag(VarLongCoder.of());

  @TimerId("end")
  private final TimerSpec endSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @ProcessElement
  public void process(
      @Element KV<String, Event> element,
      @StateId("sum") CombiningState<Long, long[], Long> sum,
      @StateId("ids") BagState<Long> ids,
      @TimerId("end") Timer end,
      BoundedWindow window) {
    sum.add(element.getValue().id());
    ids.add(element.getValue().id());
    end.set(window.maxTimestamp());
  }

  @OnTimer("end")
  public void onEnd(
      @Key String key,
      @StateId("sum") CombiningState<Long, long[], Long> sum,
      @StateId("ids") BagState<Long> ids,
      OutputReceiver<String> out) {
    out.output(describe("end", key, sum.read(), ids.read()));
  }

  @OnWindowExpiration
  public void onExpiration(
      @Key String key,
      @StateId("sum") CombiningState<Long, long[], Long> sum,
      @StateId("ids") BagState<Long> ids,
      OutputReceiver<String> out) {
    out.output(describe("expired", key, sum.read(), ids.read()));
  }

  /** What a pane of the session says: the same text on both runners. */
  static String describe(String when, String key, long sum, Iterable<Long> ids) {
    List<Long> sorted = new ArrayList<>();
    ids.forEach(sorted::add);
    sorted.sort(null);
    return when + " " + key + " sum=" + sum + " ids=" + sorted;
  }
}
