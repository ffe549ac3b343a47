package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.fixtures.CountPerKeyFn;
import dev.weir.fixtures.KeyColonPayload;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.sink.OutputSink;
import dev.weir.store.ShardRecord;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.watermark.ShardActivity;
import dev.weir.watermark.ShardTopology;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Lambda's parallelization lanes of one shard run independently: one may be behind another, or its
 * invocation may fail and be retried later. Whatever the lanes do, the shard's watermark never
 * passes the event time of a record a lane has started and not finished, so the record is not late
 * when it is finally processed.
 */
class ParallelLanesTest {
  private static final String SHARD = "shard-0";
  private static final ShardActivity CAUGHT_UP = shard -> true;
  private static final ShardTopology UNCHANGED = shards -> {};

  private static final WeirPipeline<String, String, String> PIPELINE =
      KeyColonPayload.pipeline("lanes", payload -> new Instant(Long.parseLong(payload)))
          .windowing(FixedWindows.of(Duration.standardMinutes(1)), Duration.ZERO)
          .doFn(new CountPerKeyFn(), StringUtf8Coder.of())
          .build();

  private final InMemoryStore store = new InMemoryStore();
  private final List<EngineOutput<String>> outputs = new ArrayList<>();
  private boolean outputStreamDown;

  private final OutputSink<String> sink =
      batch -> {
        if (outputStreamDown) {
          throw new IllegalStateException("output stream refused the batch");
        }
        outputs.addAll(batch);
      };

  private InputRecord record(String sequence, String value) {
    return KeyColonPayload.record(PIPELINE, sequence, value);
  }

  @Test
  void aLaneWhoseInvocationFailedHoldsTheShardUntilItsRetryCommits() {
    WeirEngine<String, String, String> laneA = new WeirEngine<>(PIPELINE, store.asStores(), sink);
    WeirEngine<String, String, String> laneB = new WeirEngine<>(PIPELINE, store.asStores(), sink);
    List<InputRecord> laneBBatch = List.of(record("1", "b:10000"), record("3", "b:11000"));

    outputStreamDown = true;
    assertThatThrownBy(() -> laneB.processBundle(SHARD, laneBBatch, new Instant(0)))
        .hasMessageContaining("output stream refused");
    outputStreamDown = false;
    laneA.processBundle(
        SHARD, List.of(record("2", "a:10500"), record("4", "a:190000")), new Instant(0));
    laneA.sweep(new Instant(500_000), CAUGHT_UP, UNCHANGED);

    assertThat(store.globalWatermark())
        .as("lane B's batch started and did not finish: its records hold the shard")
        .isLessThanOrEqualTo(10_000);

    BundleResult<String> retry = laneB.processBundle(SHARD, laneBBatch, new Instant(0));

    assertThat(retry.late()).isEmpty();
    assertThat(outputs).extracting(EngineOutput::value).contains("b#1", "b#2");
    ShardRecord shard = store.shard(SHARD).orElseThrow();
    assertThat(shard.leases()).as("the retry released its batch's lease").isEmpty();
    laneA.sweep(new Instant(500_000), CAUGHT_UP, UNCHANGED);
    assertThat(store.globalWatermark()).isGreaterThan(11_000);
  }

  @Test
  void aLaneStillWorkingHoldsTheShardAgainstALaneThatIsAhead() {
    WeirEngine<String, String, String> laneA = new WeirEngine<>(PIPELINE, store.asStores(), sink);
    WeirEngine<String, String, String> laneB =
        new WeirEngine<>(
            PIPELINE,
            store.asStores(),
            batch -> {
              // While lane B's invocation is running, lane A finishes two batches and a sweep runs.
              laneA.processBundle(SHARD, List.of(record("2", "a:10500")), new Instant(0));
              laneA.processBundle(SHARD, List.of(record("4", "a:190000")), new Instant(0));
              laneA.sweep(new Instant(500_000), CAUGHT_UP, UNCHANGED);
              assertThat(store.globalWatermark()).isLessThanOrEqualTo(10_000);
              outputs.addAll(batch);
            });

    BundleResult<String> result =
        laneB.processBundle(
            SHARD, List.of(record("1", "b:10000"), record("3", "b:11000")), new Instant(0));

    assertThat(result.late()).isEmpty();
    assertThat(store.globalWatermark()).isLessThanOrEqualTo(10_000);
    laneA.sweep(new Instant(500_000), CAUGHT_UP, UNCHANGED);
    assertThat(store.globalWatermark()).isGreaterThan(11_000);
  }

  @Test
  void aBisectedRetryKeepsHoldingTheHalfNotYetProcessed() {
    WeirEngine<String, String, String> lane = new WeirEngine<>(PIPELINE, store.asStores(), sink);
    List<InputRecord> batch =
        List.of(record("1", "b:10000"), record("3", "b:11000"), record("5", "c:5000"));

    outputStreamDown = true;
    assertThatThrownBy(() -> lane.processBundle(SHARD, batch, new Instant(0)));
    outputStreamDown = false;
    lane.processBundle(SHARD, batch.subList(0, 2), new Instant(0)); // the first half
    lane.sweep(new Instant(500_000), CAUGHT_UP, UNCHANGED);

    assertThat(store.globalWatermark())
        .as("the second half (event time 5 s) has not been processed")
        .isLessThanOrEqualTo(5_000);

    BundleResult<String> secondHalf =
        lane.processBundle(SHARD, batch.subList(2, 3), new Instant(0));
    assertThat(secondHalf.late()).isEmpty();
    assertThat(store.shard(SHARD).orElseThrow().leases()).isEmpty();
  }
}
