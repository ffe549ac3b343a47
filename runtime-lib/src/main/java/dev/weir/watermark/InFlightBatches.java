package dev.weir.watermark;

import dev.weir.store.InFlightBatch;
import dev.weir.store.SequenceNumbers;
import java.util.ArrayList;
import java.util.List;

/** The leases of a shard's batches in flight, as lanes open and release them. */
public final class InFlightBatches {
  private InFlightBatches() {}

  /**
   * {@code leases} with {@code batch} open: a retry of a batch (or of part of it) merges into the
   * lease its first attempt left, so a lane holds one lease however often it retries.
   */
  public static List<InFlightBatch> opened(List<InFlightBatch> leases, InFlightBatch batch) {
    List<InFlightBatch> next = new ArrayList<>();
    InFlightBatch merged = batch;
    for (InFlightBatch lease : leases) {
      if (lease.sameLaneAs(batch)) {
        merged = lease.mergedWith(merged);
      } else {
        next.add(lease);
      }
    }
    next.add(merged);
    return ShardItemLimits.spilled(next);
  }

  /**
   * {@code leases} once {@code batch} is finished: its lane's lease is released up to the batch's
   * last record. The first half of a bisected retry releases only itself: the rest of the lease
   * (named by its last record, which the second half ends with) holds until that half finishes.
   */
  public static List<InFlightBatch> finished(List<InFlightBatch> leases, InFlightBatch batch) {
    List<InFlightBatch> next = new ArrayList<>();
    for (InFlightBatch lease : leases) {
      if (!lease.sameLaneAs(batch)) {
        next.add(lease);
      } else if (SequenceNumbers.compare(lease.lastSequence(), batch.lastSequence()) > 0) {
        next.add(
            new InFlightBatch(
                batch.lastSequence(),
                lease.lastSequence(),
                lease.earliestEventMillis(),
                lease.earliestArrivalMillis()));
      }
    }
    return next;
  }

  /**
   * The leases whose records a retry may still deliver: Kinesis keeps a record for the input's
   * retention after its arrival, and Lambda delivers none older, so a lease whose earliest record
   * arrived before {@code cutoffMillis} (abandoned by an event source that gave up) holds no more.
   */
  public static List<InFlightBatch> unexpired(List<InFlightBatch> leases, long cutoffMillis) {
    return leases.stream().filter(lease -> lease.earliestArrivalMillis() >= cutoffMillis).toList();
  }
}
