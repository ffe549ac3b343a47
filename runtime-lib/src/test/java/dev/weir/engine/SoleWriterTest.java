package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.fixtures.KeyColonPayload;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.store.ShardRecord;
import dev.weir.store.ShardStore;
import dev.weir.store.StateStore;
import dev.weir.store.Stores;
import dev.weir.store.cache.CachingStateStore;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.timer.KeyTick;
import dev.weir.timer.WakeupScheduler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * With one lane per shard and timers fired as ticks, the container holding a shard is the only
 * writer of its keys: while nobody else takes the shard, its bundles use what it remembers of their
 * keys without reading their headers. Once another container has taken the shard, even for one
 * bundle of ticks, everything remembered is read again before it is used.
 */
class SoleWriterTest {
  /**
   * Counts each key's elements ({@code key=n}); its processing-time timer adds 100 ({@code key@n}).
   */
  static class CountAndBumpFn extends DoFn<KV<String, String>, String> {
    @StateId("count")
    private final StateSpec<ValueState<Integer>> countSpec = StateSpecs.value(VarIntCoder.of());

    @TimerId("bump")
    private final TimerSpec bump = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    @ProcessElement
    public void process(
        @Element KV<String, String> element,
        @StateId("count") ValueState<Integer> count,
        @TimerId("bump") Timer timer,
        OutputReceiver<String> out) {
      int next = (count.read() == null ? 0 : count.read()) + 1;
      count.write(next);
      timer.offset(Duration.standardMinutes(1)).setRelative();
      out.output(element.getKey() + "=" + next);
    }

    @OnTimer("bump")
    public void onBump(
        @Key String key, @StateId("count") ValueState<Integer> count, OutputReceiver<String> out) {
      int next = (count.read() == null ? 0 : count.read()) + 100;
      count.write(next);
      out.output(key + "@" + next);
    }
  }

  private static final String SHARD = "shardId-000000000000";

  private final InMemoryStore durable = new InMemoryStore();
  private final AtomicInteger headersRead = new AtomicInteger();
  private final WeirPipeline<String, String, String> pipeline =
      KeyColonPayload.pipeline("sole-writer", payload -> new Instant(1_000))
          .doFn(new CountAndBumpFn(), StringUtf8Coder.of())
          .build();
  private long sequence;

  /** One container: its engine, its memory of state and its outputs, over the shared store. */
  private final class Container implements AutoCloseable {
    final List<String> outputs = new ArrayList<>();
    final List<KeyTick> ticks = new ArrayList<>();
    final WeirEngine<String, String, String> engine;
    final CrashingProgress shards;

    Container() {
      Stores shared = durable.asStores();
      shards = new CrashingProgress(shared.shards());
      Stores counted =
          new Stores(
              new CountingHeaders(shared.state()),
              shared.timers(),
              shards,
              shared.attempts(),
              shared.usage());
      engine =
          new WeirEngine<>(
              pipeline,
              CachingStateStore.around(counted, 1 << 20),
              emitted -> emitted.forEach(o -> outputs.add(o.value())),
              WakeupScheduler.none(),
              late -> {},
              ticks::addAll,
              Retries.inMemory(3),
              GivenUp.inResultsOnly(),
              true);
    }

    void send(String... values) {
      List<InputRecord> records = new ArrayList<>();
      for (String value : values) {
        records.add(KeyColonPayload.record(pipeline, Long.toString(++sequence), value));
      }
      assertThat(engine.processBundle(SHARD, records, new Instant(0)).failedKeys()).isEmpty();
    }

    /**
     * Finds the due processing-time timers and returns their ticks as the input stream has them.
     */
    List<InputRecord> tickDueTimers(long nowMillis) {
      engine.fireProcessingTimers(new Instant(nowMillis));
      List<InputRecord> records = new ArrayList<>();
      for (KeyTick tick : ticks) {
        records.add(
            new InputRecord(
                Long.toString(++sequence), tick.partitionKey(), tick.encode(), new Instant(0)));
      }
      ticks.clear();
      return records;
    }

    /** Finds the due processing-time timers, ticks them and processes the ticks, alone. */
    void fireProcessingTimers(long nowMillis) {
      process(nowMillis, tickDueTimers(nowMillis));
    }

    void process(long nowMillis, List<InputRecord> records) {
      engine.processBundle(SHARD, records, new Instant(nowMillis));
    }

    @Override
    public void close() {
      engine.close();
    }
  }

  @Test
  void anUninterruptedShardReadsNoHeaderOfAKeyItRemembers() {
    try (Container a = new Container()) {
      a.send("x:1", "y:1");
      int firstBundle = headersRead.get();
      a.send("x:2", "y:2");
      a.send("x:3", "z:1");

      assertThat(firstBundle).as("keys it has never seen").isEqualTo(2);
      assertThat(headersRead.get() - firstBundle).as("only z, new to it").isEqualTo(1);
      assertThat(a.outputs).containsExactly("x=1", "y=1", "x=2", "y=2", "x=3", "z=1");
    }
  }

  @Test
  void aShardTakenByAnotherContainerIsReadAgainBeforeItsOutputs() {
    try (Container a = new Container();
        Container b = new Container()) {
      a.send("x:1", "y:1");
      b.send("y:2"); // b takes the shard for a bundle
      a.send("x:2"); // a finds the shard moved on: a new run, x read again
      a.send("y:3"); // y was trusted before b's bundle only: read again, never served stale

      assertThat(a.outputs).containsExactly("x=1", "y=1", "x=2", "y=3");
      assertThat(b.outputs).containsExactly("y=2");
    }
  }

  @Test
  void aBundleOfTicksAloneThatDiedAfterItsCommitsAlsoEndsTheRun() {
    try (Container a = new Container();
        Container b = new Container()) {
      a.send("x:1");
      b.shards.crashAtNextProgress();
      // A bundle of ticks only: its commit changes x, then it dies before writing its progress.
      assertThatThrownBy(() -> b.fireProcessingTimers(120_000))
          .hasMessageContaining("died before its progress");

      a.send("x:2");

      assertThat(b.outputs).containsExactly("x@101");
      assertThat(a.outputs)
          .as("never x=2, from the state a remembered")
          .containsExactly("x=1", "x=102");
    }
  }

  @Test
  void aRetryElsewhereThatLeavesTheShardsRecordAsItWasIsStillToldApart() {
    try (Container a = new Container();
        Container b = new Container()) {
      a.send("x:1"); // sets a timer due at 60 s
      List<InputRecord> ticks = a.tickDueTimers(120_000);
      a.process(0, ticks); // by a's clock nothing is due yet: nothing fires
      // The same batch again, elsewhere (a retry): now the timer is due, and it fires there. The
      // shard's record ends as a left it in everything but who wrote it.
      b.process(120_000, ticks);

      a.send("x:2");

      assertThat(b.outputs).containsExactly("x@101");
      assertThat(a.outputs).containsExactly("x=1", "x=102");
    }
  }

  /** The shared state store, counting the headers read from it. */
  private final class CountingHeaders implements StateStore {
    private final StateStore delegate;

    CountingHeaders(StateStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public KeyHeader readHeader(String keyId) {
      headersRead.incrementAndGet();
      return delegate.readHeader(keyId);
    }

    @Override
    public Map<String, KeyHeader> readHeaders(Collection<String> keyIds) {
      headersRead.addAndGet(keyIds.size());
      return delegate.readHeaders(keyIds);
    }

    @Override
    public NamespaceSnapshot readNamespace(String keyId, KeyHeader header, String namespace) {
      return delegate.readNamespace(keyId, header, namespace);
    }

    @Override
    public NamespaceSnapshot readNamespace(
        String keyId, KeyHeader header, String namespace, long maxBytes) {
      return delegate.readNamespace(keyId, header, namespace, maxBytes);
    }

    @Override
    public java.util.Set<String> namespacesWithDueTimers(
        String keyId, KeyHeader header, long watermarkMillis, long nowMillis) {
      return delegate.namespacesWithDueTimers(keyId, header, watermarkMillis, nowMillis);
    }

    @Override
    public NavigableMap<String, byte[]> readChunkedCell(
        String keyId, KeyHeader header, String namespace, String stateId) {
      return delegate.readChunkedCell(keyId, header, namespace, stateId);
    }

    @Override
    public NavigableMap<String, byte[]> readChunkedCell(
        String keyId, KeyHeader header, String namespace, String stateId, long maxBytes) {
      return delegate.readChunkedCell(keyId, header, namespace, stateId, maxBytes);
    }

    @Override
    public void commit(KeyCommit commit) {
      delegate.commit(commit);
    }

    @Override
    public boolean commitsConcurrently() {
      return delegate.commitsConcurrently();
    }
  }

  /**
   * The shared shard store; once {@link #crashAtNextProgress} is set, the second write of the
   * shard's record (a bundle's progress, after its lease and its commits) fails, as if the
   * invocation died between its commits and its progress.
   */
  private static final class CrashingProgress implements ShardStore {
    private final ShardStore delegate;
    private int writesUntilCrash = -1;

    CrashingProgress(ShardStore delegate) {
      this.delegate = delegate;
    }

    void crashAtNextProgress() {
      writesUntilCrash = 2;
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
      if (writesUntilCrash > 0 && --writesUntilCrash == 0) {
        throw new IllegalStateException("the invocation died before its progress was written");
      }
      return delegate.replaceShard(expected, next);
    }

    @Override
    public boolean removeShard(ShardRecord expected) {
      return delegate.removeShard(expected);
    }

    @Override
    public long globalWatermark() {
      return delegate.globalWatermark();
    }

    @Override
    public boolean advanceGlobalWatermark(long watermarkMillis) {
      return delegate.advanceGlobalWatermark(watermarkMillis);
    }
  }
}
