package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.fixtures.CountPerKeyFn;
import dev.weir.fixtures.KeyColonPayload;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.state.KeyIds;
import dev.weir.store.CommitConflictException;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.store.StateStore;
import dev.weir.store.Stores;
import dev.weir.store.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A bundle runs every key's DoFn first, one key at a time; then all their outputs go out in one
 * send, and only then are the keys committed, concurrently. A key whose commit loses a race is done
 * again alone; a store failure fails the invocation once the other commits have ended.
 */
class DeferredCommitsTest {
  private static final String SHARD = "shard-0";
  private static final KeyIds<String> KEY_IDS = new KeyIds<>(StringUtf8Coder.of());

  private static final WeirPipeline<String, String, String> PIPELINE =
      KeyColonPayload.pipeline("deferred", payload -> new Instant(1_000))
          .doFn(new CountPerKeyFn(), StringUtf8Coder.of())
          .build();

  /** The in-memory store, its commits watched and steered by the test. */
  private static final class WatchedStore implements StateStore {
    final InMemoryStore store = new InMemoryStore();
    final Set<String> conflictOnce = ConcurrentHashMap.newKeySet();
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    volatile CountDownLatch inFlight = new CountDownLatch(0);
    final AtomicInteger committedAlone = new AtomicInteger();

    @Override
    public KeyHeader readHeader(String keyId) {
      return store.readHeader(keyId);
    }

    @Override
    public NamespaceSnapshot readNamespace(String keyId, KeyHeader header, String namespace) {
      return store.readNamespace(keyId, header, namespace);
    }

    @Override
    public NavigableMap<String, byte[]> readChunkedCell(
        String keyId, KeyHeader header, String namespace, String stateId) {
      return store.readChunkedCell(keyId, header, namespace, stateId);
    }

    /** Stands for a remote store, whose commits the engine overlaps. */
    @Override
    public boolean commitsConcurrently() {
      return true;
    }

    @Override
    public void commit(KeyCommit commit) {
      inFlight.countDown();
      try {
        // Holds each commit until every one the test expects is in flight at once; one that waited
        // in vain went alone (commits one after another each wait, and time out, before the next).
        if (!inFlight.await(5, TimeUnit.SECONDS)) {
          committedAlone.incrementAndGet();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (conflictOnce.remove(commit.keyId())) {
        throw new CommitConflictException("another writer committed " + commit.keyId());
      }
      if (failing.contains(commit.keyId())) {
        throw new IllegalStateException("throttled: " + commit.keyId());
      }
      store.commit(commit);
    }

    Stores stores() {
      return new Stores(this, store, store, store);
    }

    long version(String key) {
      return store.readHeader(KEY_IDS.idOf(key)).version();
    }
  }

  private final WatchedStore store = new WatchedStore();
  private final List<List<EngineOutput<String>>> sends = new ArrayList<>();
  private final List<Long> versionsAtSend = new ArrayList<>();

  private final WeirEngine<String, String, String> engine =
      new WeirEngine<>(
          PIPELINE,
          store.stores(),
          batch -> {
            sends.add(List.copyOf(batch));
            versionsAtSend.add(store.version("a") + store.version("b") + store.version("c"));
          });

  private final List<InputRecord> bundle =
      List.of(
          KeyColonPayload.record(PIPELINE, "1", "a:x"),
          KeyColonPayload.record(PIPELINE, "2", "b:x"),
          KeyColonPayload.record(PIPELINE, "3", "c:x"),
          KeyColonPayload.record(PIPELINE, "4", "a:y"));

  @Test
  void everyKeysOutputsGoOutInOneSendBeforeAnyKeyCommits() {
    engine.processBundle(SHARD, bundle, new Instant(0));

    assertThat(sends).hasSize(1);
    assertThat(sends.get(0))
        .extracting(EngineOutput::value)
        .containsExactly("a#1", "a#2", "b#1", "c#1");
    assertThat(versionsAtSend).containsExactly(0L);
    assertThat(List.of(store.version("a"), store.version("b"), store.version("c")))
        .containsOnly(1L);
  }

  @Test
  void theKeysCommitConcurrently() {
    store.inFlight = new CountDownLatch(3);

    engine.processBundle(SHARD, bundle, new Instant(0));

    assertThat(store.committedAlone).as("commits that found the others not in flight").hasValue(0);
    assertThat(List.of(store.version("a"), store.version("b"), store.version("c")))
        .containsOnly(1L);
  }

  @Test
  void aKeyWhoseCommitLostARaceIsDoneAgainAlone() {
    store.conflictOnce.add(KEY_IDS.idOf("b"));

    BundleResult<String> result = engine.processBundle(SHARD, bundle, new Instant(0));

    assertThat(result.failedKeys()).isEmpty();
    assertThat(sends).hasSize(2);
    assertThat(sends.get(1)).extracting(EngineOutput::value).containsExactly("b#1");
    assertThat(sends.get(1).get(0).id())
        .as("the redone key's output has the id it had: consumers drop the copy")
        .isEqualTo(sends.get(0).get(2).id());
    assertThat(List.of(store.version("a"), store.version("b"), store.version("c")))
        .containsOnly(1L);
    assertThat(engine.counters().snapshot().get("conflicts")).isEqualTo(1L);
  }

  @Test
  void aStoreFailureFailsTheBundleOnceTheOtherKeysHaveCommitted() {
    store.failing.add(KEY_IDS.idOf("b"));

    assertThatThrownBy(() -> engine.processBundle(SHARD, bundle, new Instant(0)))
        .hasMessageContaining("throttled");

    assertThat(store.version("a")).isEqualTo(1);
    assertThat(store.version("c")).isEqualTo(1);
    assertThat(store.version("b")).isZero();
  }
}
