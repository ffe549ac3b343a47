package dev.weir.watermark;

import dev.weir.store.InFlightBatch;
import dev.weir.store.ShardRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one shard's record may hold. It is one DynamoDB item (at most 400 KB, and every write of it
 * is billed by its size), written by every bundle of the shard, so its holds and leases are
 * bounded:
 *
 * <ul>
 *   <li>Leases: at most {@link #MAX_LEASES}. Lanes (at most ten per shard) hold one each, and a
 *       bisected retry one more; more can only come from batches the event source gave up, which
 *       hold until the input's retention has passed. Beyond the limit the two oldest are spilled
 *       into one: the watermark stays behind both (nothing becomes late), though the spilled lease
 *       is released only when its records are past retention.
 *   <li>Holds of failed keys: at most {@link #MAX_HOLD_BYTES} of key ids. A bundle whose holds
 *       would go beyond fails its invocation with a {@link ShardItemFullException}: Lambda retries
 *       the batch whole (its lease keeps holding), and the limit is only reached when thousands of
 *       keys of one shard keep failing at once, which the dead-letter and failure alarms report.
 * </ul>
 */
public final class ShardItemLimits {
  /** Leases one shard's record keeps before spilling the oldest together. */
  public static final int MAX_LEASES = 32;

  /** Key ids and times of held keys, in bytes, one shard's record may keep. */
  public static final int MAX_HOLD_BYTES = 200_000;

  private ShardItemLimits() {}

  /** A shard's record holds more than its item may keep. */
  public static final class ShardItemFullException extends IllegalStateException {
    ShardItemFullException(String message) {
      super(message);
    }
  }

  /** {@code leases}, the oldest spilled together until at most {@link #MAX_LEASES} are left. */
  public static List<InFlightBatch> spilled(List<InFlightBatch> leases) {
    List<InFlightBatch> kept = new ArrayList<>(leases);
    kept.sort(Comparator.comparingLong(InFlightBatch::earliestArrivalMillis));
    while (kept.size() > MAX_LEASES) {
      InFlightBatch oldest = kept.remove(0);
      kept.set(0, oldest.mergedWith(kept.get(0)));
    }
    return kept;
  }

  /** Throws if {@code shard}'s holds are more than its item may keep. */
  public static void checkHolds(ShardRecord shard) {
    long bytes = 0;
    for (String keyId : shard.holds().keySet()) {
      bytes += keyId.length() + 21; // the key id, a separator and the time in decimal
    }
    if (bytes > MAX_HOLD_BYTES) {
      throw new ShardItemFullException(
          "shard "
              + shard.shardId()
              + " would hold "
              + shard.holds().size()
              + " failed keys ("
              + bytes
              + " bytes, at most "
              + MAX_HOLD_BYTES
              + "): its invocation fails and Lambda retries the batch whole");
    }
  }
}
