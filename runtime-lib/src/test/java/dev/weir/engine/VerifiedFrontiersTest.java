package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.fixtures.CountPerKeyFn;
import dev.weir.fixtures.KeyColonPayload;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.state.KeyIds;
import dev.weir.store.ShardRecord;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.watermark.ShardActivity;
import dev.weir.watermark.ShardTopology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * With several lanes per shard, a lane whose invocation has not started (its batch not formed yet,
 * throttled, or failed before it took its lease, waiting for its retry) has told nobody of its
 * records. The sweep reads the shard itself and moves the shard's watermark only over the records
 * their keys show handled, in the shard's order, so such a record is never made late by the lanes
 * ahead of it.
 */
class VerifiedFrontiersTest {
  private static final String SHARD = "shard-0";

  private static final WeirPipeline<String, String, String> PIPELINE =
      KeyColonPayload.pipeline("frontier", payload -> new Instant(Long.parseLong(payload)))
          .windowing(FixedWindows.of(Duration.standardMinutes(1)), Duration.ZERO)
          .doFn(new CountPerKeyFn(), StringUtf8Coder.of())
          .build();

  private final InMemoryStore store = new InMemoryStore();
  private final List<EngineOutput<String>> outputs = new ArrayList<>();

  /** The shard as the stream keeps it: every record written to it, in order. */
  private final List<InputRecord> stream = new ArrayList<>();

  /** Records the stream handed out, read by read. */
  private final List<Integer> reads = new ArrayList<>();

  private final ShardTail tail =
      (shardId, after, limit) -> {
        List<InputRecord> following =
            stream.stream()
                .filter(record -> shardId.equals(SHARD))
                .filter(
                    record ->
                        after == null
                            || Long.parseLong(record.sequenceNumber()) > Long.parseLong(after))
                .toList();
        List<InputRecord> read = following.subList(0, Math.min(limit, following.size()));
        reads.add(read.size());
        return new ShardTail.Read(read, following.size() <= limit);
      };

  private int activityReads;

  /** Caught up when nothing follows what the shard's record says was read. */
  private final ShardActivity activity =
      shard -> {
        activityReads++;
        return tail.after(shard.shardId(), shard.lastSequenceNumber(), 1).records().isEmpty();
      };

  private final Lanes lanes = Lanes.several(tail);

  private final WeirEngine<String, String, String> laneA = lane();
  private final WeirEngine<String, String, String> laneB = lane();

  private WeirEngine<String, String, String> lane() {
    return new WeirEngine<>(PIPELINE, store.asStores(), outputs::addAll);
  }

  private InputRecord written(String sequence, String value) {
    InputRecord record = KeyColonPayload.record(PIPELINE, sequence, value);
    stream.add(record);
    return record;
  }

  private void sweep() {
    laneA.sweep(new Instant(500_000), activity, ShardTopology.fixed(), lanes);
  }

  @Test
  void aLaneThatHasNotStartedHoldsTheShardAgainstTheLaneAhead() {
    List<InputRecord> laneBBatch = List.of(written("1", "b:10000"), written("3", "b:11000"));
    List<InputRecord> laneABatch = List.of(written("2", "a:10500"), written("4", "a:190000"));

    laneA.processBundle(SHARD, laneABatch, new Instant(0));
    sweep();

    assertThat(store.globalWatermark())
        .as("lane B has not started its batch (no lease): its first record holds the shard")
        .isLessThan(10_000);

    BundleResult<String> laneBResult = laneB.processBundle(SHARD, laneBBatch, new Instant(0));
    assertThat(laneBResult.late()).isEmpty();
    sweep();

    assertThat(store.globalWatermark())
        .as("every record handled: the watermark follows the shard's data, then the clock")
        .isGreaterThan(11_000);
    assertThat(store.shard(SHARD).orElseThrow().verified().sequenceNumber()).isEqualTo("4");
  }

  @Test
  void withOneLaneTheSameShardRunsAheadOfTheRecordsNotStarted() {
    written("1", "b:10000");
    laneA.processBundle(
        SHARD, List.of(written("2", "a:10500"), written("4", "a:190000")), new Instant(0));

    laneA.sweep(new Instant(500_000), activity, ShardTopology.fixed(), Lanes.one());

    assertThat(store.globalWatermark())
        .as("one lane's progress is trusted to be in order: what verification guards against")
        .isGreaterThan(10_000);
  }

  @Test
  void ticksAndRejectedRecordsDoNotHoldTheShard() {
    stream.add(
        new InputRecord(
            "1", "x", "no colon here".getBytes(StandardCharsets.UTF_8), new Instant(0)));
    List<InputRecord> batch = List.of(written("2", "a:10500"), written("3", "a:70000"));
    laneA.processBundle(SHARD, List.of(stream.get(0)), new Instant(0));
    laneA.processBundle(SHARD, batch, new Instant(0));

    sweep();

    assertThat(store.shard(SHARD).orElseThrow().verified().sequenceNumber()).isEqualTo("3");
    assertThat(store.globalWatermark()).isGreaterThan(10_500);
  }

  @Test
  void aFailedKeysLaterRecordsHoldTheShardOnceItsFailedRecordsAreGivenUp() {
    WeirEngine<String, String, String> failing =
        new WeirEngine<>(
            PIPELINE,
            store.asStores(),
            batch -> {
              throw new IllegalStateException("never reached: the DoFn fails first");
            });
    InputRecord givenUp = written("1", "b:10000");
    written("3", "b:11000"); // b's next record: its lane has not started the batch
    laneA.processBundle(
        SHARD, List.of(written("2", "a:10500"), written("4", "a:190000")), new Instant(0));
    ShardRecord shard = store.shard(SHARD).orElseThrow();
    String b = new KeyIds<>(StringUtf8Coder.of()).idOf("b");
    store.replaceShard(
        java.util.Optional.of(shard),
        new ShardRecord(
            SHARD,
            shard.watermarkMillis(),
            shard.maxEventTimeMillis(),
            shard.lastSequenceNumber(),
            List.of(),
            false,
            Map.of(b, 10_000L))); // key b failed on its first record, which holds the shard
    sweep();
    assertThat(store.globalWatermark()).isLessThanOrEqualTo(10_000);

    // b's failed record is given up: dead-lettered, marked applied, its hold released.
    failing.markDeadLettered(SHARD, b, List.of(givenUp));
    failing.releaseHolds(SHARD, java.util.Set.of(b));
    sweep();

    assertThat(store.globalWatermark())
        .as("b's next record, which no lane has started, still holds the shard")
        .isLessThan(11_000);
  }

  @Test
  void aClosedShardCountsUntilEveryRecordOfItIsVerified() {
    written("1", "b:10000");
    laneA.processBundle(
        SHARD, List.of(written("2", "a:10500"), written("4", "a:190000")), new Instant(0));
    ShardRecord shard = store.shard(SHARD).orElseThrow();
    store.replaceShard(java.util.Optional.of(shard), shard.withTopology(List.of(), true));
    store.replaceShard(
        java.util.Optional.empty(),
        new ShardRecord(
            "shard-1", Long.MIN_VALUE, Long.MIN_VALUE, null, List.of(SHARD), false)); // its child

    sweep();

    assertThat(store.globalWatermark())
        .as(
            "the shard ended and a lane read its last record, but not all before it are handled:"
                + " the child, idle, counts no lower than it")
        .isLessThan(10_000);

    laneB.processBundle(SHARD, List.of(stream.get(0)), new Instant(0));
    sweep();
    assertThat(store.globalWatermark()).isGreaterThan(10_500);
  }

  @Test
  void whileALaneIsBehindOnlyAProbeIsReadAgain() {
    written("1", "b:10000"); // lane B's, not started
    List<InputRecord> laneARecords = new ArrayList<>();
    for (int i = 2; i <= 400; i++) {
      laneARecords.add(written(Integer.toString(i), "a:" + (10_000 + i)));
    }
    laneA.processBundle(SHARD, laneARecords, new Instant(0));

    sweep();
    sweep();

    assertThat(reads)
        .as("each sweep reads a probe, stops at lane B's record, and reads no further")
        .containsExactly(VerifiedFrontiers.PROBE_RECORDS, VerifiedFrontiers.PROBE_RECORDS);
    assertThat(activityReads).as("the probe saw the shard is not at its tip").isZero();
    assertThat(store.globalWatermark()).isLessThan(10_000);
  }

  @Test
  void aShardAllHandledIsReadPastTheProbeToItsTipAndCountsAsCaughtUp() {
    List<InputRecord> records = new ArrayList<>();
    for (int i = 1; i <= 400; i++) {
      records.add(written(Integer.toString(i), "a:" + (10_000 + i)));
    }
    laneA.processBundle(SHARD, records, new Instant(0));

    sweep();

    assertThat(reads).containsExactly(VerifiedFrontiers.PROBE_RECORDS, 300);
    assertThat(store.shard(SHARD).orElseThrow().verified().sequenceNumber()).isEqualTo("400");
    assertThat(activityReads).isZero();
    assertThat(store.globalWatermark())
        .as("caught up: the shard follows the clock")
        .isGreaterThan(10_400);
  }

  @Test
  void aRecordWhoseKeyIdIsTooLargeIsPassedAsTheProcessorRejectsIt() {
    InputRecord tooLarge = written("1", "k".repeat(70_000) + ":10000");
    laneA.processBundle(SHARD, List.of(tooLarge), new Instant(0));
    laneA.processBundle(SHARD, List.of(written("2", "a:70000")), new Instant(0));

    sweep();

    assertThat(store.shard(SHARD).orElseThrow().verified().sequenceNumber()).isEqualTo("2");
  }
}
