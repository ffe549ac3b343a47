package dev.weir.watermark;

import dev.weir.store.ShardStore;

/**
 * Keeps the shard records in step with the stream's shards before a sweep: which shards a reshard
 * split or merged from which (children count no lower than their parents), and which have ended and
 * been fully processed (they no longer hold the watermark).
 */
@FunctionalInterface
public interface ShardTopology {
  void refresh(ShardStore shards);

  /** For sources that never reshard (and tests). */
  static ShardTopology fixed() {
    return shards -> {};
  }
}
