package dev.weir.store.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.store.ShardStore;
import dev.weir.store.memory.InMemoryStore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The global watermark is read at most once per second, and afresh after moving it. */
class RecentGlobalWatermarkTest {
  private final InMemoryStore durable = new InMemoryStore();
  private final AtomicLong nanos = new AtomicLong();
  private final ShardStore recent =
      new RecentGlobalWatermark(durable.asStores().shards(), 1_000, nanos::get);

  @Test
  void aReadIsReusedForUpToItsMaximumAge() {
    durable.advanceGlobalWatermark(10);
    assertThat(recent.globalWatermark()).isEqualTo(10);
    durable.advanceGlobalWatermark(20); // moved elsewhere

    nanos.set(999_000_000);
    assertThat(recent.globalWatermark()).as("still within a second").isEqualTo(10);
    nanos.set(1_001_000_000);
    assertThat(recent.globalWatermark()).isEqualTo(20);
  }

  @Test
  void movingItHereReadsItAfresh() {
    assertThat(recent.globalWatermark()).isEqualTo(Long.MIN_VALUE);
    assertThat(recent.advanceGlobalWatermark(30)).isTrue();
    assertThat(recent.globalWatermark()).isEqualTo(30);
  }
}
