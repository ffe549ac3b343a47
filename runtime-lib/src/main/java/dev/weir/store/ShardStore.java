package dev.weir.store;

import java.util.List;
import java.util.Optional;

/**
 * Shard progress and the global watermark. Shard records are replaced conditionally on what was
 * read, and the writers merge so that they only move forward ({@code ShardWatermarks}); the global
 * watermark ignores an update that would move it backwards.
 */
public interface ShardStore {

  Optional<ShardRecord> shard(String shardId);

  List<ShardRecord> shards();

  /**
   * Stores {@code next} if the stored record is still {@code expected} (empty: there is none), so
   * that concurrent invocations on one shard (Lambda's {@code ParallelizationFactor} lanes) never
   * overwrite each other's progress: the one that loses reads again and merges.
   *
   * @return true if {@code next} is stored now; also if it already was, which is how a store tells
   *     a write of its own that took effect but whose answer was lost (and then retried) from a
   *     lost race
   */
  boolean replaceShard(Optional<ShardRecord> expected, ShardRecord next);

  /**
   * Deletes the record of a closed shard if it is still {@code expected}: once the stream no longer
   * lists the shard (its records are past retention), nothing of it can be read again and its
   * record would only grow the table.
   *
   * @return true if the record is gone now: deleted, or already gone (a delete whose answer was
   *     lost, retried, finds it gone; so does one another remover beat, with the same outcome)
   */
  boolean removeShard(ShardRecord expected);

  /** The global watermark in epoch millis; {@code Long.MIN_VALUE} before the first advance. */
  long globalWatermark();

  /** The global watermark as stored now, bypassing any copy remembered for a while. */
  default long freshGlobalWatermark() {
    return globalWatermark();
  }

  /**
   * Moves the global watermark to {@code watermarkMillis} if that is later than the current one.
   *
   * @return true if it moved
   */
  boolean advanceGlobalWatermark(long watermarkMillis);
}
