package dev.weir.watermark;

import java.io.Serializable;
import java.util.Objects;
import org.joda.time.Duration;

/**
 * How far a record's event time may lie ahead of its arrival in Kinesis ({@code
 * ApproximateArrivalTimestamp}, the service's clock), and what happens to one further ahead: it is
 * dead-lettered as {@code event-time-in-future}, or, if the pipeline says so, its event time is
 * clamped to the limit. Without a limit one record with a wrong clock or unit (a timestamp in
 * microseconds is 50,000 years ahead) would carry its shard's watermark past every window for good,
 * since watermarks never go back. The same limit caps every shard watermark a policy computes:
 * never more than {@link #maxSkew} past the latest arrival.
 *
 * @param maxSkew how far ahead of its arrival an event time may be
 * @param clamp true to clamp an event time beyond the limit to it, false to dead-letter the record
 */
public record FutureEventTimes(Duration maxSkew, boolean clamp) implements Serializable {
  /** Producers' clocks run a little ahead at times; minutes are a clock error, not a bug. */
  public static final Duration DEFAULT_MAX_SKEW = Duration.standardMinutes(5);

  public FutureEventTimes {
    Objects.requireNonNull(maxSkew, "maxSkew");
    if (maxSkew.getMillis() < 0) {
      throw new IllegalArgumentException("the maximum event-time skew must not be negative");
    }
  }

  /** The default: records more than five minutes ahead of their arrival are dead-lettered. */
  public static FutureEventTimes deadLetterBeyondDefault() {
    return deadLetterBeyond(DEFAULT_MAX_SKEW);
  }

  public static FutureEventTimes deadLetterBeyond(Duration maxSkew) {
    return new FutureEventTimes(maxSkew, false);
  }

  public static FutureEventTimes clampBeyond(Duration maxSkew) {
    return new FutureEventTimes(maxSkew, true);
  }

  /** The latest event time a record that arrived at {@code arrivalMillis} may carry. */
  public long limitMillis(long arrivalMillis) {
    long skew = maxSkew.getMillis();
    return arrivalMillis > Long.MAX_VALUE - skew ? Long.MAX_VALUE : arrivalMillis + skew;
  }

  /** {@code policy}, never further than the skew past the latest arrival. */
  public WatermarkPolicy cap(WatermarkPolicy policy) {
    return (maxEventTime, latestArrival) ->
        Math.min(policy.watermarkMillis(maxEventTime, latestArrival), limitMillis(latestArrival));
  }
}
