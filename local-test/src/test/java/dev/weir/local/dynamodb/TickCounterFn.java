package dev.weir.local.dynamodb;

import dev.weir.functions.examples.batchedrpc.Event;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.TimerMap;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * Counts elements, and sets one event-time timer per element (at its timestamp) that counts its own
 * firing: read-modify-writes that a lost update or a double firing would show.
 */
class TickCounterFn extends DoFn<KV<String, Event>, String> {
  @StateId("elements")
  private final StateSpec<ValueState<Long>> elementsSpec = StateSpecs.value();

  @StateId("fired")
  private final StateSpec<ValueState<Long>> firedSpec = StateSpecs.value();

  @TimerFamily("ticks")
  private final TimerSpec ticksSpec = TimerSpecs.timerMap(TimeDomain.EVENT_TIME);

  @ProcessElement
  public void process(
      @Element KV<String, Event> element,
      @Timestamp Instant timestamp,
      @StateId("elements") ValueState<Long> elements,
      @TimerFamily("ticks") TimerMap ticks) {
    Long count = elements.read();
    elements.write(count == null ? 1 : count + 1);
    ticks.set("tick-" + element.getValue().id(), timestamp);
  }

  @OnTimerFamily("ticks")
  public void onTick(
      @TimerId String tick, @StateId("fired") ValueState<Long> fired, OutputReceiver<String> out) {
    Long count = fired.read();
    fired.write(count == null ? 1 : count + 1);
    out.output(tick);
  }
}
