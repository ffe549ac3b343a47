package dev.weir.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.store.ShardRecord;
import java.util.List;
import java.util.Optional;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

class ShardWatermarksTest {
  private final WatermarkPolicy fiveSeconds =
      WatermarkPolicy.boundedOutOfOrderness(Duration.standardSeconds(5));

  @Test
  void theShardWatermarkTrailsTheLargestEventTimeAndNeverMovesBack() {
    ShardRecord first =
        ShardWatermarks.afterBundle(
            "s", Optional.empty(), fiveSeconds, 60_000, 0, "10", Long.MAX_VALUE);
    assertThat(first.watermarkMillis()).isEqualTo(55_000);

    ShardRecord older =
        ShardWatermarks.afterBundle(
            "s", Optional.of(first), fiveSeconds, 20_000, 0, "11", Long.MAX_VALUE);
    assertThat(older.watermarkMillis()).isEqualTo(55_000);
    assertThat(older.maxEventTimeMillis()).isEqualTo(60_000);
    assertThat(older.lastSequenceNumber()).isEqualTo("11");
  }

  @Test
  void aLaneBehindAnotherKeepsTheShardsLargerSequenceNumber() {
    ShardRecord laneA =
        ShardWatermarks.afterBundle(
            "s", Optional.empty(), fiveSeconds, 60_000, 0, "200", Long.MAX_VALUE);

    ShardRecord laneB =
        ShardWatermarks.afterBundle(
            "s", Optional.of(laneA), fiveSeconds, 61_000, 0, "100", Long.MAX_VALUE);

    assertThat(laneB.lastSequenceNumber()).isEqualTo("200");
    assertThat(laneB.maxEventTimeMillis()).isEqualTo(61_000);
  }

  @Test
  void recordsToBeProcessedAgainHoldTheWatermark() {
    ShardRecord held =
        ShardWatermarks.afterBundle("s", Optional.empty(), fiveSeconds, 60_000, 0, "10", 12_000);
    assertThat(held.watermarkMillis()).isEqualTo(12_000);
  }

  @Test
  void theArrivalTimePolicyFollowsArrivals() {
    ShardRecord record =
        ShardWatermarks.afterBundle(
            "s",
            Optional.empty(),
            WatermarkPolicy.arrivalTime(),
            1_000,
            42_000,
            "1",
            Long.MAX_VALUE);
    assertThat(record.watermarkMillis()).isEqualTo(42_000);
  }

  @Test
  void theGlobalWatermarkIsTheMinimumOverOpenShards() {
    assertThat(
            ShardWatermarks.global(
                List.of(
                    new ShardRecord("a", 500, 0, null, List.of(), false),
                    new ShardRecord("b", 300, 0, null, List.of(), false),
                    new ShardRecord("c", 100, 0, null, List.of(), true)),
                ShardActivity.noneIdle(),
                fiveSeconds,
                0))
        .hasValue(300);
    assertThat(ShardWatermarks.global(List.of(), ShardActivity.noneIdle(), fiveSeconds, 0))
        .isEmpty();
  }
}
