package dev.weir.local.dynamodb;

import dev.weir.functions.examples.batchedrpc.Event;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
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
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;

/**
 * Per key and window: a map entry per event (so a busy key outgrows its header item), a bag of
 * recent payloads cleared blindly every tenth event (a clear marker over dead entries), a count, a
 * report at the window's end and a processing-time nudge. Everything it keeps is the window's, so
 * once the window expires nothing of it may be left.
 */
class WindowedLedgerFn extends DoFn<KV<String, Event>, String> {
  @StateId("entries")
  private final StateSpec<MapState<String, Long>> entriesSpec =
      StateSpecs.map(StringUtf8Coder.of(), VarLongCoder.of());

  @StateId("recent")
  private final StateSpec<BagState<String>> recentSpec = StateSpecs.bag(StringUtf8Coder.of());

  @StateId("count")
  private final StateSpec<ValueState<Long>> countSpec = StateSpecs.value(VarLongCoder.of());

  @TimerId("report")
  private final TimerSpec reportSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @TimerId("nudge")
  private final TimerSpec nudgeSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

  @ProcessElement
  public void process(
      @Element KV<String, Event> element,
      BoundedWindow window,
      @StateId("entries") MapState<String, Long> entries,
      @StateId("recent") BagState<String> recent,
      @StateId("count") ValueState<Long> count,
      @TimerId("report") Timer report,
      @TimerId("nudge") Timer nudge) {
    Event event = element.getValue();
    entries.put(event.payload() + "-" + event.id(), event.id());
    if (event.id() % 10 == 0) {
      recent.clear();
    }
    recent.add(event.payload());
    Long before = count.read();
    count.write(before == null ? 1 : before + 1);
    report.set(window.maxTimestamp());
    nudge.offset(Duration.standardSeconds(1)).setRelative();
  }

  @OnTimer("report")
  public void onReport(
      @Key String key, @StateId("count") ValueState<Long> count, OutputReceiver<String> out) {
    out.output(key + " count=" + count.read());
  }

  @OnTimer("nudge")
  public void onNudge(@Key String key, OutputReceiver<String> out) {
    out.output(key + " nudged");
  }
}
