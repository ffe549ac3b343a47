package dev.weir.functions.conformance;

import dev.weir.functions.examples.batchedrpc.Event;
import java.util.List;
import org.joda.time.Duration;
import org.joda.time.Instant;

/** One step of a scenario, as a {@code TestStream} event. */
sealed interface Step {
  /** A bundle of events; each event's time is its timestamp. */
  record Elements(List<Event> events) implements Step {}

  /** The watermark moves (strictly forward) to {@code watermark}. */
  record Watermark(Instant watermark) implements Step {}

  /** Processing time moves forward by {@code by}. */
  record ProcessingTime(Duration by) implements Step {}
}
