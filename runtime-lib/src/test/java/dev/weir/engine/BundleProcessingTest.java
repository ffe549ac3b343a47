package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.fixtures.CountPerKeyFn;
import dev.weir.fixtures.KeyColonPayload;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.store.CommitConflictException;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.store.ShardRecord;
import dev.weir.store.StateStore;
import dev.weir.store.Stores;
import dev.weir.store.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The "process a bundle" use case on its own, with a counting DoFn over one-minute windows: late
 * records are dropped as Beam drops them, replays are skipped, a failed key holds its shard's
 * watermark at its earliest record, and a commit that loses a race is redone once on fresh state.
 */
class BundleProcessingTest {
  private static final String SHARD = "shard-0";

  private static final WeirPipeline<String, String, String> PIPELINE =
      KeyColonPayload.pipeline("bundles", payload -> new Instant(Long.parseLong(payload)))
          .windowing(FixedWindows.of(Duration.standardMinutes(1)), Duration.ZERO)
          .doFn(new CountPerKeyFn(), StringUtf8Coder.of())
          .build();

  private final InMemoryStore store = new InMemoryStore();
  private final List<EngineOutput<String>> outputs = new ArrayList<>();

  private WeirEngine<String, String, String> engine(Stores stores) {
    return new WeirEngine<>(PIPELINE, stores, outputs::addAll);
  }

  private static InputRecord record(String sequence, String value) {
    return KeyColonPayload.record(PIPELINE, sequence, value);
  }

  private List<String> outputValues() {
    return outputs.stream().map(EngineOutput::value).toList();
  }

  @Test
  void recordsBehindTheWatermarkInAnExpiredWindowAreDroppedAsLate() {
    WeirEngine<String, String, String> engine = engine(store.asStores());
    store.advanceGlobalWatermark(120_000);

    BundleResult<String> result =
        engine.processBundle(
            SHARD, List.of(record("1", "k:10000"), record("2", "k:130000")), new Instant(0));

    assertThat(result.late()).extracting(l -> l.record().sequenceNumber()).containsExactly("1");
    assertThat(result.processed()).as("both handled: one output, one late").isEqualTo(2);
    assertThat(outputValues()).containsExactly("k#1");
  }

  /**
   * A shard whose last record was rejected has read past it: the record is dead-lettered, never
   * processed again, and a shard whose progress stopped short of it would never count as caught up.
   */
  @Test
  void aRejectedRecordCountsAsReadInItsShardsProgress() {
    WeirEngine<String, String, String> engine = engine(store.asStores());

    BundleResult<String> result =
        engine.processBundle(
            SHARD, List.of(record("1", "k:1000"), record("2", "no key here")), new Instant(0));

    assertThat(result.rejected()).hasSize(1);
    assertThat(store.shard(SHARD).orElseThrow().lastSequenceNumber()).isEqualTo("2");
    assertThat(store.shard(SHARD).orElseThrow().maxEventTimeMillis()).isEqualTo(1_000);

    engine.processBundle("shard-1", List.of(record("3", "nothing")), new Instant(0));

    assertThat(store.shard("shard-1").orElseThrow().lastSequenceNumber()).isEqualTo("3");
  }

  @Test
  void aReplayedRecordIsSkippedAndChangesNothing() {
    WeirEngine<String, String, String> engine = engine(store.asStores());
    List<InputRecord> batch = List.of(record("1", "k:1000"), record("2", "k:2000"));
    engine.processBundle(SHARD, batch, new Instant(0));

    BundleResult<String> replay =
        engine.processBundle(SHARD, List.of(batch.get(1), record("3", "k:3000")), new Instant(0));

    assertThat(replay.replaysSkipped()).isEqualTo(1);
    assertThat(replay.processed()).isEqualTo(1);
    assertThat(outputValues()).containsExactly("k#1", "k#2", "k#3");
  }

  @Test
  void aFailedKeyHoldsItsShardsWatermarkAtItsEarliestRecordUntilReleased() {
    WeirEngine<String, String, String> engine = engine(store.asStores());

    BundleResult<String> result =
        engine.processBundle(
            SHARD,
            List.of(
                record("1", "poison:20000"),
                record("2", "good:50000"),
                record("3", "poison:30000")),
            new Instant(0));

    assertThat(result.failedKeys())
        .extracting(FailedKey::records)
        .singleElement()
        .asList()
        .hasSize(2);
    ShardRecord shard = store.shard(SHARD).orElseThrow();
    assertThat(shard.holdMillis()).isEqualTo(20_000);
    assertThat(shard.watermarkMillis()).isLessThanOrEqualTo(20_000);

    engine.releaseHolds(SHARD, java.util.Set.of(result.failedKeys().get(0).keyId()));
    engine.processBundle(SHARD, List.of(record("4", "good:55000")), new Instant(0));
    assertThat(store.shard(SHARD).orElseThrow().holds()).isEmpty();
    assertThat(store.shard(SHARD).orElseThrow().watermarkMillis()).isGreaterThan(20_000);
  }

  @Test
  void aCommitThatLosesARaceIsRedoneOnFreshStateAndAppliedOnce() {
    AtomicInteger commits = new AtomicInteger();
    StateStore racing =
        new StateStore() {
          @Override
          public KeyHeader readHeader(String keyId) {
            return store.readHeader(keyId);
          }

          @Override
          public NamespaceSnapshot readNamespace(String keyId, KeyHeader header, String ns) {
            return store.readNamespace(keyId, header, ns);
          }

          @Override
          public NavigableMap<String, byte[]> readChunkedCell(
              String keyId, KeyHeader header, String ns, String stateId) {
            return store.readChunkedCell(keyId, header, ns, stateId);
          }

          @Override
          public void commit(KeyCommit commit) {
            if (commits.incrementAndGet() == 1) {
              throw new CommitConflictException("a timer firing elsewhere committed first");
            }
            store.commit(commit);
          }
        };
    WeirEngine<String, String, String> engine = engine(new Stores(racing, store, store, store));

    BundleResult<String> result =
        engine.processBundle(SHARD, List.of(record("1", "k:1000")), new Instant(0));

    assertThat(result.failedKeys()).isEmpty();
    assertThat(commits).hasValue(2);
    assertThat(engine.counters().snapshot()).containsEntry("conflicts", 1L);
    assertThat(outputs).extracting(EngineOutput::id).as("the redo emits the same ids").hasSize(2);
    assertThat(outputs.stream().map(EngineOutput::id).distinct()).hasSize(1);
    engine.processBundle(SHARD, List.of(record("2", "k:2000")), new Instant(0));
    assertThat(outputValues()).last().isEqualTo("k#2");
  }
}
