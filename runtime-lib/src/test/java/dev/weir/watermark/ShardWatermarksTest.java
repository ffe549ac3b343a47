package dev.weir.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.store.ShardRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

class ShardWatermarksTest {
  private final WatermarkPolicy fiveSeconds =
      WatermarkPolicy.boundedOutOfOrderness(Duration.standardSeconds(5));

  @Test
  void theShardWatermarkTrailsTheLargestEventTimeAndNeverMovesBack() {
    ShardRecord first =
        ShardWatermarks.afterBundle(
            "s",
            Optional.empty(),
            fiveSeconds,
            60_000,
            0,
            "10",
            Map.of(),
            Set.of(),
            Optional.empty());
    assertThat(first.watermarkMillis()).isEqualTo(55_000);

    ShardRecord older =
        ShardWatermarks.afterBundle(
            "s",
            Optional.of(first),
            fiveSeconds,
            20_000,
            0,
            "11",
            Map.of(),
            Set.of(),
            Optional.empty());
    assertThat(older.watermarkMillis()).isEqualTo(55_000);
    assertThat(older.maxEventTimeMillis()).isEqualTo(60_000);
    assertThat(older.lastSequenceNumber()).isEqualTo("11");
  }

  @Test
  void aLaneBehindAnotherKeepsTheShardsLargerSequenceNumber() {
    ShardRecord laneA =
        ShardWatermarks.afterBundle(
            "s",
            Optional.empty(),
            fiveSeconds,
            60_000,
            0,
            "200",
            Map.of(),
            Set.of(),
            Optional.empty());

    ShardRecord laneB =
        ShardWatermarks.afterBundle(
            "s",
            Optional.of(laneA),
            fiveSeconds,
            61_000,
            0,
            "100",
            Map.of(),
            Set.of(),
            Optional.empty());

    assertThat(laneB.lastSequenceNumber()).isEqualTo("200");
    assertThat(laneB.maxEventTimeMillis()).isEqualTo(61_000);
  }

  @Test
  void recordsToBeProcessedAgainHoldTheWatermark() {
    ShardRecord held =
        ShardWatermarks.afterBundle(
            "s",
            Optional.empty(),
            fiveSeconds,
            60_000,
            0,
            "10",
            Map.of("k", 12_000L),
            Set.of(),
            Optional.empty());
    assertThat(held.watermarkMillis()).isEqualTo(12_000);
  }

  @Test
  void anotherLanesProgressNeverPassesALanesHoldUntilTheKeyCommits() {
    // Lane A's key k failed with records at 12 s; lane B goes on with later records.
    ShardRecord laneA =
        ShardWatermarks.afterBundle(
            "s",
            Optional.empty(),
            fiveSeconds,
            20_000,
            0,
            "10",
            Map.of("k", 12_000L),
            Set.of(),
            Optional.empty());
    ShardRecord laneB =
        ShardWatermarks.afterBundle(
            "s",
            Optional.of(laneA),
            fiveSeconds,
            90_000,
            0,
            "11",
            Map.of(),
            Set.of("other"),
            Optional.empty());

    assertThat(laneB.watermarkMillis()).isEqualTo(12_000);
    assertThat(ShardWatermarks.global(List.of(laneB), shard -> true, fiveSeconds, 1_000_000_000L))
        .as("an idle shard advances with the clock, but not past a hold")
        .hasValue(12_000);

    ShardRecord retried =
        ShardWatermarks.afterBundle(
            "s",
            Optional.of(laneB),
            fiveSeconds,
            12_000,
            0,
            "12",
            Map.of(),
            Set.of("k"),
            Optional.empty());
    assertThat(retried.holds()).isEmpty();
    assertThat(retried.watermarkMillis()).isEqualTo(85_000);
  }

  @Test
  void aHoldOfRecordsGivenUpIsReleased() {
    ShardRecord held =
        ShardWatermarks.afterBundle(
            "s",
            Optional.empty(),
            fiveSeconds,
            60_000,
            0,
            "10",
            Map.of("k", 12_000L),
            Set.of(),
            Optional.empty());

    ShardRecord released = ShardWatermarks.released(held, Set.of("k"));

    assertThat(released.holdMillis()).isEqualTo(Long.MAX_VALUE);
    assertThat(
            ShardWatermarks.afterBundle(
                    "s",
                    Optional.of(released),
                    fiveSeconds,
                    60_000,
                    0,
                    "11",
                    Map.of(),
                    Set.of(),
                    Optional.empty())
                .watermarkMillis())
        .isEqualTo(55_000);
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
            Map.of(),
            Set.of(),
            Optional.empty());
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

  @Test
  void aChildWithRecordsToProcessCountsFromItsParentsDataNotFromTheClock() {
    // The parent ended and was read to its end (its read finds nothing: "caught up"); the child
    // took the newer records and has processed none yet.
    ShardRecord parent = new ShardRecord("parent", 60_000, 65_000, "9", List.of(), true);
    ShardRecord child =
        new ShardRecord("child", Long.MIN_VALUE, Long.MIN_VALUE, null, List.of("parent"), false);
    ShardActivity onlyTheParentIsReadToItsEnd = shard -> shard.shardId().equals("parent");

    assertThat(
            ShardWatermarks.global(
                List.of(parent, child), onlyTheParentIsReadToItsEnd, fiveSeconds, 3_600_000))
        .as("the child's records are newer than the parent's, not than the clock")
        .hasValue(60_000);
  }

  @Test
  void anEmptyChildOfAnEndedParentFollowsTheClock() {
    ShardRecord parent = new ShardRecord("parent", 60_000, 65_000, "9", List.of(), true);
    ShardRecord child =
        new ShardRecord("child", Long.MIN_VALUE, Long.MIN_VALUE, null, List.of("parent"), false);

    assertThat(
            ShardWatermarks.global(List.of(parent, child), shard -> true, fiveSeconds, 3_600_000))
        .hasValue(3_595_000);
  }
}
