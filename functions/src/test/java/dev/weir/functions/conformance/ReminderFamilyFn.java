package dev.weir.functions.conformance;

import dev.weir.functions.examples.batchedrpc.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.MultimapState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.TimerMap;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Exercises dynamic timers ({@code TimerMap}), multimap state and {@code @OnWindowExpiration}: one
 * event-time reminder per payload, 5 s after its latest event, reporting the ids seen; whatever is
 * left when the window expires is reported then.
 */
class ReminderFamilyFn extends DoFn<KV<String, Event>, String> {
  @StateId("ids")
  private final StateSpec<MultimapState<String, Long>> idsSpec =
      StateSpecs.multimap(StringUtf8Coder.of(), VarLongCoder.of());

  @TimerFamily("reminders")
  private final TimerSpec remindersSpec = TimerSpecs.timerMap(TimeDomain.EVENT_TIME);

  @ProcessElement
  public void process(
      @Element KV<String, Event> element,
      @Timestamp Instant timestamp,
      BoundedWindow window,
      @StateId("ids") MultimapState<String, Long> ids,
      @TimerFamily("reminders") TimerMap reminders) {
    Event event = element.getValue();
    ids.put(event.payload(), event.id());
    Instant due = timestamp.plus(Duration.standardSeconds(5));
    reminders.set(
        event.payload(), due.isAfter(window.maxTimestamp()) ? window.maxTimestamp() : due);
  }

  @OnTimerFamily("reminders")
  public void onReminder(
      @TimerId String payload,
      @Key String key,
      @StateId("ids") MultimapState<String, Long> ids,
      OutputReceiver<String> out) {
    out.output(
        "reminder " + key + "/" + payload + " ids=" + new TreeSet<>(list(ids.get(payload).read())));
    ids.remove(payload);
  }

  @OnWindowExpiration
  public void onExpiration(
      @Key String key,
      @StateId("ids") MultimapState<String, Long> ids,
      OutputReceiver<String> out) {
    TreeSet<String> left = new TreeSet<>();
    for (Map.Entry<String, Long> entry : ids.entries().read()) {
      left.add(entry.getKey() + ":" + entry.getValue());
    }
    out.output("expired " + key + " left=" + left + " empty=" + ids.isEmpty().read());
  }

  private static <T> List<T> list(Iterable<T> values) {
    List<T> list = new ArrayList<>();
    values.forEach(list::add);
    return list;
  }
}
