package dev.weir.store;

import java.util.Objects;

/**
 * How far a sweep has checked a shard's records in their order, for shards read by several lanes
 * (Lambda's parallelization): every record up to {@code sequenceNumber} is handled (its key's
 * header shows it applied, or it carries no event time: a tick or a record dead-lettered unread).
 * Lanes finish their batches out of order, and a lane whose invocation has not started has taken no
 * lease, so only this prefix, not the furthest lane, tells how far the shard's watermark may follow
 * its data.
 *
 * @param sequenceNumber the last record of the prefix
 * @param maxEventTimeMillis the largest event time among the prefix's records ({@code
 *     Long.MIN_VALUE} if none had one)
 * @param latestArrivalMillis the latest arrival in Kinesis among them ({@code Long.MIN_VALUE} if
 *     none)
 */
public record VerifiedPrefix(
    String sequenceNumber, long maxEventTimeMillis, long latestArrivalMillis) {
  public VerifiedPrefix {
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
  }

  /**
   * The prefix {@code previous} (null: none yet) extended through the record at {@code sequence},
   * with its event time and arrival ({@code Long.MIN_VALUE}: none to count).
   */
  public static VerifiedPrefix through(
      VerifiedPrefix previous, String sequence, long eventTimeMillis, long arrivalMillis) {
    long maxEventTime = previous == null ? Long.MIN_VALUE : previous.maxEventTimeMillis;
    long latestArrival = previous == null ? Long.MIN_VALUE : previous.latestArrivalMillis;
    return new VerifiedPrefix(
        sequence, Math.max(maxEventTime, eventTimeMillis), Math.max(latestArrival, arrivalMillis));
  }

  /** True if this prefix reaches at least as far as {@code other} (null: none). */
  public boolean reaches(VerifiedPrefix other) {
    return other == null || SequenceNumbers.compare(sequenceNumber, other.sequenceNumber) >= 0;
  }
}
