package dev.weir.functions.conformance;

import dev.weir.functions.examples.batchedrpc.Event;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;

/**
 * A processing-time session timeout: every event re-arms a 1.5 s timer (and so moves its output
 * timestamp to the latest event's); when it fires, the key's last event and count are emitted.
 */
class TimeoutFn extends DoFn<KV<String, Event>, String> {
  @StateId("last")
  private final StateSpec<ValueState<Event>> lastSpec = StateSpecs.value();

  @StateId("seen")
  private final StateSpec<ValueState<Integer>> seenSpec = StateSpecs.value();

  @TimerId("timeout")
  private final TimerSpec timeoutSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

  @ProcessElement
  public void process(
      @Element KV<String, Event> element,
      @StateId("last") ValueState<Event> last,
      @StateId("seen") ValueState<Integer> seen,
      @TimerId("timeout") Timer timeout) {
    last.write(element.getValue());
    Integer count = seen.read();
    seen.write(count == null ? 1 : count + 1);
    timeout.offset(Duration.millis(1_500)).setRelative();
  }

  @OnTimer("timeout")
  public void onTimeout(
      @StateId("last") ValueState<Event> last,
      @StateId("seen") ValueState<Integer> seen,
      OutputReceiver<String> out) {
    out.output("timeout after " + seen.read() + " events, last " + last.read());
    last.clear();
    seen.clear();
  }
}
