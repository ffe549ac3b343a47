package dev.weir.watermark;

import dev.weir.store.ShardRecord;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Shard and global watermark arithmetic; every result is monotonic. */
public final class ShardWatermarks {
  private ShardWatermarks() {}

  /**
   * The shard's record after a bundle whose largest event time is {@code maxEventTimeMillis} and
   * latest arrival is {@code latestArrivalMillis}; the watermark never moves backwards.
   */
  public static ShardRecord afterBundle(
      String shardId,
      Optional<ShardRecord> current,
      WatermarkPolicy policy,
      long maxEventTimeMillis,
      long latestArrivalMillis,
      String lastSequenceNumber) {
    long maxEventTime =
        Math.max(
            maxEventTimeMillis,
            current.map(ShardRecord::maxEventTimeMillis).orElse(Long.MIN_VALUE));
    long watermark =
        Math.max(
            policy.watermarkMillis(maxEventTime, latestArrivalMillis),
            current.map(ShardRecord::watermarkMillis).orElse(Long.MIN_VALUE));
    return new ShardRecord(
        shardId,
        watermark,
        maxEventTime,
        lastSequenceNumber != null
            ? lastSequenceNumber
            : current.map(ShardRecord::lastSequenceNumber).orElse(null),
        current.map(ShardRecord::parentShardIds).orElse(List.of()),
        current.map(ShardRecord::closed).orElse(false));
  }

  /** The minimum watermark over open shards, or empty if there is none. */
  public static OptionalLong global(List<ShardRecord> shards) {
    return shards.stream()
        .filter(shard -> !shard.closed())
        .mapToLong(ShardRecord::watermarkMillis)
        .min();
  }
}
