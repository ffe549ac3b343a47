package dev.weir.functions.examples.batchedrpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.BundleResult;
import dev.weir.engine.InputRecord;
import dev.weir.engine.WeirEngine;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.store.StateStore;
import dev.weir.store.Stores;
import dev.weir.store.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** Replays and races change state exactly once, through the engine the functions run. */
class BatchedRpcExactlyOnceTest {
  private static final String SHARD = "shardId-000000000001";
  private final CountingEnrichment enrichment = new CountingEnrichment("exactly-once-test");
  private final WeirPipeline<String, Event, EnrichedEvent> pipeline =
      BatchedRpcPipeline.pipeline(4, enrichment);

  private static InputRecord record(long sequence, String key, long eventTime) {
    return new InputRecord(
        Long.toString(sequence),
        key,
        BatchedRpcPipeline.encode(new Event(key, sequence, eventTime, "p")),
        new Instant(0));
  }

  private static List<InputRecord> records(long from, long to) {
    return LongStream.rangeClosed(from, to)
        .mapToObj(s -> record(s, s % 2 == 0 ? "even" : "odd", s * 1_000))
        .toList();
  }

  /** Runs bundles then ends the windows; returns every output id and the final store. */
  private List<String> run(Stores stores, List<List<InputRecord>> bundles) {
    List<EngineOutput<EnrichedEvent>> outputs = new ArrayList<>();
    try (WeirEngine<String, Event, EnrichedEvent> engine =
        new WeirEngine<>(pipeline, stores, outputs::addAll)) {
      for (List<InputRecord> bundle : bundles) {
        engine.processBundle(SHARD, bundle, new Instant(0));
      }
      stores.shards().advanceGlobalWatermark(Long.MAX_VALUE / 2);
      engine.fireEventTimers(new Instant(0));
    }
    return outputs.stream().map(o -> o.id() + "=" + o.value()).distinct().sorted().toList();
  }

  @Test
  void aBundleDeliveredTwiceChangesStateOnce() {
    InMemoryStore store = new InMemoryStore();
    List<EngineOutput<EnrichedEvent>> outputs = new ArrayList<>();
    try (WeirEngine<String, Event, EnrichedEvent> engine =
        new WeirEngine<>(pipeline, store.asStores(), outputs::addAll)) {
      engine.processBundle(SHARD, records(1, 6), new Instant(0));
      long commits = store.commitCount();

      BundleResult<Event> replay = engine.processBundle(SHARD, records(1, 6), new Instant(0));

      assertThat(replay.replaysSkipped()).isEqualTo(6);
      assertThat(replay.processed()).isZero();
      assertThat(store.commitCount()).as("a pure replay writes nothing").isEqualTo(commits);
    }
  }

  @Test
  void aReplayedSuffixAfterAPartialFailureEqualsACleanRun() {
    List<String> clean = run(new InMemoryStore().asStores(), List.of(records(1, 9)));
    List<String> replayed =
        run(new InMemoryStore().asStores(), List.of(records(1, 5), records(3, 9), records(7, 9)));

    assertThat(replayed).isEqualTo(clean).isNotEmpty();
  }

  @Test
  void aCommitThatLosesARaceIsRedoneOnFreshState() {
    InMemoryStore store = new InMemoryStore();
    StateStore racing =
        new StateStore() {
          private boolean raced;

          @Override
          public KeyHeader readHeader(String keyId) {
            return store.readHeader(keyId);
          }

          @Override
          public NamespaceSnapshot readNamespace(String keyId, KeyHeader header, String namespace) {
            return store.readNamespace(keyId, header, namespace);
          }

          @Override
          public java.util.NavigableMap<String, byte[]> readChunkedCell(
              String keyId, KeyHeader header, String namespace, String stateId) {
            return store.readChunkedCell(keyId, header, namespace, stateId);
          }

          @Override
          public void commit(KeyCommit commit) {
            if (!raced) {
              // Another writer (a timer firing) commits the same key first.
              raced = true;
              store.commit(
                  new KeyCommit(
                      commit.keyId(),
                      commit.expectedVersion(),
                      store.readHeader(commit.keyId()).next(Map.of(), Map.of()),
                      List.of(),
                      List.of(),
                      List.of()));
            }
            store.commit(commit);
          }
        };
    List<String> clean = run(new InMemoryStore().asStores(), List.of(records(1, 9)));
    Stores stores = new Stores(racing, store, store, store);

    assertThat(run(stores, List.of(records(1, 9)))).isEqualTo(clean);
  }

  @Test
  void aDuplicateTimerSweepFiresNothingTwice() {
    InMemoryStore store = new InMemoryStore();
    List<EngineOutput<EnrichedEvent>> outputs = new ArrayList<>();
    try (WeirEngine<String, Event, EnrichedEvent> engine =
        new WeirEngine<>(pipeline, store.asStores(), outputs::addAll)) {
      engine.processBundle(SHARD, records(1, 3), new Instant(0));
      store.advanceGlobalWatermark(120_000);

      int first = engine.fireEventTimers(new Instant(0)).fired();
      int second = engine.fireEventTimers(new Instant(0)).fired();

      assertThat(first).isPositive();
      assertThat(second).isZero();
      assertThat(outputs).hasSize(3);
    }
  }
}
