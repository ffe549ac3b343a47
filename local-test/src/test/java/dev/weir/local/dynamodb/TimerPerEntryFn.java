package dev.weir.local.dynamodb;

import dev.weir.functions.examples.batchedrpc.Event;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.TimerMap;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;

/**
 * One map entry and one timer of a family per event, all due at the window's end; each firing
 * outputs its entry and removes it. A big bundle sets, and its window's end claims, more timers and
 * deletes more entries than one DynamoDB transaction holds.
 */
class TimerPerEntryFn extends DoFn<KV<String, Event>, String> {
  @StateId("entries")
  private final StateSpec<MapState<String, String>> entriesSpec =
      StateSpecs.map(StringUtf8Coder.of(), StringUtf8Coder.of());

  @TimerFamily("each")
  private final TimerSpec eachSpec = TimerSpecs.timerMap(TimeDomain.EVENT_TIME);

  @ProcessElement
  public void process(
      @Element KV<String, Event> element,
      BoundedWindow window,
      @StateId("entries") MapState<String, String> entries,
      @TimerFamily("each") TimerMap each) {
    String id = Long.toString(element.getValue().id());
    entries.put(id, element.getValue().payload());
    each.set(id, window.maxTimestamp());
  }

  @OnTimerFamily("each")
  public void onEach(
      @TimerId String id,
      @StateId("entries") MapState<String, String> entries,
      OutputReceiver<String> out) {
    out.output(id + ":" + entries.get(id).read());
    entries.remove(id);
  }
}
