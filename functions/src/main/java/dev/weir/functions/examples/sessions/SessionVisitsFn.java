package dev.weir.functions.examples.sessions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.CombiningState;
import org.apache.beam.sdk.state.OrderedListState;
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
import org.joda.time.Instant;

/**
 * One user's visit (a session window): counts its views and keeps its pages in event-time order;
 * when the visit closes (the watermark passes its last view plus the gap), outputs it as JSON:
 * user, start, views, first and last page, duration. Both kinds of state merge when a view bridges
 * two visits, and late views within the allowed lateness output the visit again, corrected.
 */
public class SessionVisitsFn extends DoFn<KV<String, String>, String> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @StateId("views")
  private final StateSpec<CombiningState<Long, long[], Long>> viewsSpec =
      StateSpecs.combining(Sum.ofLongs());

  @StateId("pages")
  private final StateSpec<OrderedListState<String>> pagesSpec =
      StateSpecs.orderedList(StringUtf8Coder.of());

  @TimerId("closed")
  private final TimerSpec closedSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @ProcessElement
  public void process(
      @Element KV<String, String> view,
      @Timestamp Instant time,
      @StateId("views") CombiningState<Long, long[], Long> views,
      @StateId("pages") OrderedListState<String> pages,
      @TimerId("closed") Timer closed,
      IntervalWindow visit) {
    views.add(1L);
    pages.add(TimestampedValue.of(view.getValue(), time));
    closed.set(visit.maxTimestamp());
  }

  @OnTimer("closed")
  public void onClosed(
      @Key String user,
      @StateId("views") CombiningState<Long, long[], Long> views,
      @StateId("pages") OrderedListState<String> pages,
      IntervalWindow visit,
      OutputReceiver<String> out) {
    Iterator<TimestampedValue<String>> inOrder = pages.read().iterator();
    TimestampedValue<String> first = inOrder.next();
    TimestampedValue<String> last = first;
    while (inOrder.hasNext()) {
      last = inOrder.next();
    }
    ObjectNode summary = JSON.createObjectNode();
    summary.put("user", user);
    summary.put("start", first.getTimestamp().toString());
    summary.put("views", views.read());
    summary.put("firstPage", first.getValue());
    summary.put("lastPage", last.getValue());
    summary.put(
        "durationSeconds",
        (last.getTimestamp().getMillis() - first.getTimestamp().getMillis()) / 1000.0);
    summary.put("closedAt", visit.end().toString());
    out.output(summary.toString());
  }
}
