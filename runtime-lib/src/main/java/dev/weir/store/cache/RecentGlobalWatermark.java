package dev.weir.store.cache;

import dev.weir.store.ShardRecord;
import dev.weir.store.ShardStore;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A shard store that reads the global watermark at most once per {@code maxAgeMillis}: each bundle
 * needs it, and one slightly old is safe (a watermark that lags drops fewer records as late and
 * fires fewer timers inline; the sweep, which moves it, always reads afresh after moving it). Shard
 * records are not remembered: the sweeper writes reshard lineage into them.
 */
public final class RecentGlobalWatermark implements ShardStore {
  private final ShardStore delegate;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private long watermark;
  private long readAtNanos;
  private boolean known;

  public RecentGlobalWatermark(ShardStore delegate, long maxAgeMillis, LongSupplier nanoTime) {
    this.delegate = delegate;
    this.maxAgeNanos = maxAgeMillis * 1_000_000;
    this.nanoTime = nanoTime;
  }

  @Override
  public Optional<ShardRecord> shard(String shardId) {
    return delegate.shard(shardId);
  }

  @Override
  public List<ShardRecord> shards() {
    return delegate.shards();
  }

  @Override
  public boolean replaceShard(Optional<ShardRecord> expected, ShardRecord next) {
    return delegate.replaceShard(expected, next);
  }

  @Override
  public boolean removeShard(ShardRecord expected) {
    return delegate.removeShard(expected);
  }

  @Override
  public synchronized long globalWatermark() {
    long now = nanoTime.getAsLong();
    if (!known || now - readAtNanos > maxAgeNanos) {
      watermark = delegate.globalWatermark();
      readAtNanos = now;
      known = true;
    }
    return watermark;
  }

  @Override
  public synchronized long freshGlobalWatermark() {
    watermark = delegate.globalWatermark();
    readAtNanos = nanoTime.getAsLong();
    known = true;
    return watermark;
  }

  @Override
  public synchronized boolean advanceGlobalWatermark(long watermarkMillis) {
    known = false;
    return delegate.advanceGlobalWatermark(watermarkMillis);
  }
}
