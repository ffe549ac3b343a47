package dev.weir.watermark;

import dev.weir.store.SequenceNumbers;
import dev.weir.store.ShardRecord;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Shard and global watermark arithmetic; every result is monotonic. */
public final class ShardWatermarks {
  private ShardWatermarks() {}

  /**
   * The shard's record after a bundle whose largest event time is {@code maxEventTimeMillis} and
   * latest arrival is {@code latestArrivalMillis}; the watermark never moves backwards, and not
   * forwards past {@code holdMillis} (the earliest event time still to be processed again); the
   * sequence number kept is the larger of the stored one and {@code lastSequenceNumber} (another
   * lane of the shard may have got further).
   */
  public static ShardRecord afterBundle(
      String shardId,
      Optional<ShardRecord> current,
      WatermarkPolicy policy,
      long maxEventTimeMillis,
      long latestArrivalMillis,
      String lastSequenceNumber,
      long holdMillis) {
    long maxEventTime =
        Math.max(
            maxEventTimeMillis,
            current.map(ShardRecord::maxEventTimeMillis).orElse(Long.MIN_VALUE));
    long watermark =
        Math.max(
            Math.min(policy.watermarkMillis(maxEventTime, latestArrivalMillis), holdMillis),
            current.map(ShardRecord::watermarkMillis).orElse(Long.MIN_VALUE));
    return new ShardRecord(
        shardId,
        watermark,
        maxEventTime,
        SequenceNumbers.max(
            current.map(ShardRecord::lastSequenceNumber).orElse(null), lastSequenceNumber),
        current.map(ShardRecord::parentShardIds).orElse(List.of()),
        current.map(ShardRecord::closed).orElse(false));
  }

  /**
   * The global watermark a sweep may move to at processing time {@code nowMillis}: the minimum over
   * open shards, where a shard that is caught up counts as if an event at {@code nowMillis} had
   * just arrived (so idle shards advance with the clock and never stall windows), and a shard never
   * counts below the parents it was split or merged from.
   */
  public static OptionalLong global(
      List<ShardRecord> shards, ShardActivity activity, WatermarkPolicy policy, long nowMillis) {
    java.util.Map<String, Long> own = new java.util.HashMap<>();
    for (ShardRecord shard : shards) {
      long watermark = shard.watermarkMillis();
      if (activity.isCaughtUp(shard)) {
        watermark = Math.max(watermark, policy.watermarkMillis(nowMillis, nowMillis));
      }
      own.put(shard.shardId(), watermark);
    }
    return shards.stream()
        .filter(shard -> !shard.closed())
        .mapToLong(
            shard -> {
              long watermark = own.get(shard.shardId());
              for (String parent : shard.parentShardIds()) {
                watermark = Math.max(watermark, own.getOrDefault(parent, Long.MIN_VALUE));
              }
              return watermark;
            })
        .min();
  }
}
