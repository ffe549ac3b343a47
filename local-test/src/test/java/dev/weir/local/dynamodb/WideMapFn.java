package dev.weir.local.dynamodb;

import dev.weir.functions.examples.batchedrpc.Event;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;

/** One map entry per event, so a big bundle makes a commit larger than one transaction. */
class WideMapFn extends DoFn<KV<String, Event>, String> {
  @StateId("entries")
  private final StateSpec<MapState<String, Long>> entriesSpec =
      StateSpecs.map(StringUtf8Coder.of(), VarLongCoder.of());

  @TimerId("report")
  private final TimerSpec reportSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @ProcessElement
  public void process(
      @Element KV<String, Event> element,
      BoundedWindow window,
      @StateId("entries") MapState<String, Long> entries,
      @TimerId("report") Timer report) {
    entries.put(
        element.getValue().payload() + "-" + element.getValue().id(), element.getValue().id());
    report.set(window.maxTimestamp());
  }

  @OnTimer("report")
  public void onReport(
      @Key String key,
      @StateId("entries") MapState<String, Long> entries,
      OutputReceiver<String> out) {
    long count = 0;
    long sum = 0;
    for (Map.Entry<String, Long> entry : entries.entries().read()) {
      count++;
      sum += entry.getValue();
    }
    out.output(key + " entries=" + count + " sum=" + sum);
  }
}
