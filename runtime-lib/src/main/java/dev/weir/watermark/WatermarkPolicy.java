package dev.weir.watermark;

import java.io.Serializable;
import org.joda.time.Duration;

/**
 * How a shard's watermark follows its data: given the largest event time and the latest arrival
 * time seen on the shard, the instant before which no more data is expected. The engine keeps the
 * result monotonic, so a policy need not.
 */
@FunctionalInterface
public interface WatermarkPolicy extends Serializable {

  long watermarkMillis(long maxEventTimeMillis, long latestArrivalMillis);

  /**
   * Event time minus a fixed allowance for out-of-order data (Flink's bounded out-of-orderness).
   */
  static WatermarkPolicy boundedOutOfOrderness(Duration allowance) {
    long millis = allowance.getMillis();
    if (millis < 0) {
      throw new IllegalArgumentException("out-of-orderness allowance must not be negative");
    }
    return (maxEventTime, latestArrival) -> saturatedMinus(maxEventTime, millis);
  }

  /** The arrival time in Kinesis, for sources whose event times cannot be trusted. */
  static WatermarkPolicy arrivalTime() {
    return (maxEventTime, latestArrival) -> latestArrival;
  }

  private static long saturatedMinus(long value, long minus) {
    return value < Long.MIN_VALUE + minus ? Long.MIN_VALUE : value - minus;
  }
}
