package dev.weir.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.store.InFlightBatch;
import dev.weir.store.ShardRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A shard's record stays within what one DynamoDB item may hold. */
class ShardItemLimitsTest {

  @Test
  void leasesBeyondTheLimitSpillTheOldestTogetherAndKeepHoldingThem() {
    List<InFlightBatch> leases = new ArrayList<>();
    for (int i = 0; i < ShardItemLimits.MAX_LEASES; i++) {
      leases.add(
          new InFlightBatch(Integer.toString(i * 10), Integer.toString(i * 10 + 5), 1_000 + i, i));
    }

    List<InFlightBatch> opened =
        InFlightBatches.opened(leases, new InFlightBatch("900", "905", 50, 900));

    assertThat(opened).hasSize(ShardItemLimits.MAX_LEASES);
    assertThat(opened)
        .as("the two oldest as one: from the first's start to the second's end, the earlier times")
        .contains(new InFlightBatch("0", "15", 1_000, 0));
    assertThat(opened.stream().mapToLong(InFlightBatch::earliestEventMillis).min().orElseThrow())
        .isEqualTo(50);
  }

  @Test
  void holdsBeyondTheLimitFailWithAClearError() {
    Map<String, Long> holds = new TreeMap<>();
    String longKey = "k".repeat(1_000);
    for (int i = 0; i < ShardItemLimits.MAX_HOLD_BYTES / 1_000 + 1; i++) {
      holds.put(longKey + i, 5L);
    }
    ShardRecord shard = new ShardRecord("shard-7", 0, 0, "1", List.of(), false, holds);

    assertThatThrownBy(() -> ShardItemLimits.checkHolds(shard))
        .isInstanceOf(ShardItemLimits.ShardItemFullException.class)
        .hasMessageContaining("shard-7 would hold 201 failed keys")
        .hasMessageContaining("retries the batch whole");
    ShardItemLimits.checkHolds(
        new ShardRecord("shard-7", 0, 0, "1", List.of(), false, Map.of(longKey, 5L)));
  }
}
