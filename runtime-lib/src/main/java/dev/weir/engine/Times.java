package dev.weir.engine;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/** Conversions between stored epoch millis and Beam's bounded instants. */
final class Times {
  private Times() {}

  /** Stored millis as a Beam instant, clamped to Beam's minimum and maximum timestamps. */
  static Instant toInstant(long millis) {
    if (millis <= BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis()) {
      return BoundedWindow.TIMESTAMP_MIN_VALUE;
    }
    if (millis >= BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis()) {
      return BoundedWindow.TIMESTAMP_MAX_VALUE;
    }
    return new Instant(millis);
  }
}
