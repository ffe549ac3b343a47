package dev.weir.store;

import java.util.Objects;

/**
 * A lease on a batch a lane of the shard has started and not yet finished: written before the
 * batch's work begins, released when its progress is recorded. Until then its records hold the
 * shard's watermark, whatever the other lanes of the shard (Lambda's parallelization) have read. An
 * invocation that throws, crashes or times out leaves its lease; the retry of the batch takes it
 * over and releases it.
 *
 * <p>A batch is named by its first and last sequence numbers. Each lane of a shard reads its own
 * partition keys, so a sequence number belongs to one lane only: a lease whose first or last
 * sequence number is the batch's is that lane's lease (a retry, or one half of a bisected retry).
 *
 * @param firstSequence the batch's first sequence number
 * @param lastSequence the batch's last sequence number
 * @param earliestEventMillis the earliest event time among the batch's records
 * @param earliestArrivalMillis the earliest arrival time in Kinesis among them: once the input's
 *     retention has passed since, no retry can deliver them, and the lease no longer holds
 */
public record InFlightBatch(
    String firstSequence,
    String lastSequence,
    long earliestEventMillis,
    long earliestArrivalMillis) {
  public InFlightBatch {
    Objects.requireNonNull(firstSequence, "firstSequence");
    Objects.requireNonNull(lastSequence, "lastSequence");
    if (SequenceNumbers.compare(firstSequence, lastSequence) > 0) {
      throw new IllegalArgumentException(
          "a batch's first sequence number "
              + firstSequence
              + " is after its last "
              + lastSequence);
    }
  }

  /** True if {@code other} is a batch of the same lane: one of them names the other's ends. */
  public boolean sameLaneAs(InFlightBatch other) {
    return firstSequence.equals(other.firstSequence) || lastSequence.equals(other.lastSequence);
  }

  /** This lease and a retry of (part of) its batch, as one: the wider range, the earlier times. */
  public InFlightBatch mergedWith(InFlightBatch retry) {
    return new InFlightBatch(
        SequenceNumbers.compare(firstSequence, retry.firstSequence) <= 0
            ? firstSequence
            : retry.firstSequence,
        SequenceNumbers.max(lastSequence, retry.lastSequence),
        Math.min(earliestEventMillis, retry.earliestEventMillis),
        Math.min(earliestArrivalMillis, retry.earliestArrivalMillis));
  }
}
