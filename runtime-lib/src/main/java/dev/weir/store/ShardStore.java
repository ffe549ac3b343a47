package dev.weir.store;

import java.util.List;
import java.util.Optional;

/**
 * Shard progress and the global watermark. Both only move forward: an update that would move a
 * watermark backwards is ignored, never applied.
 */
public interface ShardStore {

  Optional<ShardRecord> shard(String shardId);

  List<ShardRecord> shards();

  /**
   * Stores {@code next} unless the stored record's watermark is already later.
   *
   * @return true if stored
   */
  boolean advanceShard(ShardRecord next);

  /** The global watermark in epoch millis; {@code Long.MIN_VALUE} before the first advance. */
  long globalWatermark();

  /**
   * Moves the global watermark to {@code watermarkMillis} if that is later than the current one.
   *
   * @return true if it moved
   */
  boolean advanceGlobalWatermark(long watermarkMillis);
}
