package dev.weir.watermark;

import dev.weir.store.ShardRecord;

/**
 * Tells whether a shard has unread data. A shard that is caught up must not hold the global
 * watermark back, or one idle shard would stall every window.
 */
@FunctionalInterface
public interface ShardActivity {
  boolean isCaughtUp(ShardRecord shard);

  /** Every shard counts as active: the watermark follows the data only. */
  static ShardActivity noneIdle() {
    return shard -> false;
  }
}
