package dev.weir.bench.timers;

import dev.weir.functions.examples.batchedrpc.Event;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.TimerMap;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Sets, for every element, one event-time timer at the next whole second after its event time and
 * one processing-time timer {@code delay} after now (a timer family, so each is its own timer);
 * each firing outputs which timer it was ({@code et:<time>} or {@code pt:<time>}), so the benchmark
 * can tell how late it fired.
 */
public final class TimerProbeFn extends DoFn<KV<String, Event>, String> {
  static final String EVENT_TIME = "et";
  static final String PROCESSING_TIME = "pt";

  @TimerFamily(EVENT_TIME)
  private final TimerSpec eventTimers = TimerSpecs.timerMap(TimeDomain.EVENT_TIME);

  @TimerFamily(PROCESSING_TIME)
  private final TimerSpec processingTimers = TimerSpecs.timerMap(TimeDomain.PROCESSING_TIME);

  /** The processing-time delay of an element's timer, carried in its payload as milliseconds. */
  static long delayOf(Event event) {
    return Long.parseLong(event.payload());
  }

  @ProcessElement
  public void process(
      @Element KV<String, Event> element,
      @TimerFamily(EVENT_TIME) TimerMap eventTime,
      @TimerFamily(PROCESSING_TIME) TimerMap processingTime) {
    Event event = element.getValue();
    long second = Math.floorDiv(event.eventTimeMillis(), 1_000) * 1_000 + 1_000;
    eventTime.set(Long.toString(second), new Instant(second));
    processingTime
        .get(Long.toString(event.id()))
        .offset(Duration.millis(delayOf(event)))
        .setRelative();
  }

  @OnTimerFamily(EVENT_TIME)
  public void onEventTime(@TimerId String timerId, OutputReceiver<String> out) {
    out.output(EVENT_TIME + ':' + timerId);
  }

  @OnTimerFamily(PROCESSING_TIME)
  public void onProcessingTime(OnTimerContext context, OutputReceiver<String> out) {
    out.output(PROCESSING_TIME + ':' + context.fireTimestamp().getMillis());
  }
}
