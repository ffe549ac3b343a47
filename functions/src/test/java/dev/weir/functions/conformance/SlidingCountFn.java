package dev.weir.functions.conformance;

import dev.weir.functions.examples.batchedrpc.Event;
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

/** Counts each key's events per (sliding) window and emits the count when the window ends. */
class SlidingCountFn extends DoFn<KV<String, Event>, KV<String, Integer>> {
  @StateId("count")
  private final StateSpec<CombiningState<Integer, int[], Integer>> countSpec =
      StateSpecs.combining(Sum.ofIntegers());

  @TimerId("end")
  private final TimerSpec endSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @ProcessElement
  public void process(
      BoundedWindow window,
      @StateId("count") CombiningState<Integer, int[], Integer> count,
      @TimerId("end") Timer end) {
    count.add(1);
    end.set(window.maxTimestamp());
  }

  @OnTimer("end")
  public void onEnd(
      @Key String key,
      @StateId("count") CombiningState<Integer, int[], Integer> count,
      OutputReceiver<KV<String, Integer>> out) {
    out.output(KV.of(key, count.read()));
  }
}
