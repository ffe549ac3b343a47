package dev.weir.engine;

import dev.weir.beam.DoFnHost;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.OutputSink;
import dev.weir.state.ChunkNonces;
import dev.weir.store.ShardRecord;
import dev.weir.store.Stores;
import dev.weir.timer.KeyTick;
import dev.weir.timer.KeyTicks;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.WakeupScheduler;
import dev.weir.watermark.ShardActivity;
import dev.weir.watermark.ShardTopology;
import dev.weir.watermark.ShardWatermarks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import org.joda.time.Instant;

/**
 * One pipeline's engine: built once per container (the DoFn's runner chain is built here), then
 * called for each bundle and each timer sweep. Time is always an argument, never read from a system
 * clock. Not thread-safe: one invocation at a time, as Lambda runs them.
 */
public final class WeirEngine<K, V, OutputT> implements AutoCloseable {
  /**
   * Commits of one bundle in flight at once, on a store that commits concurrently: a bundle of a
   * hundred keys waits for three or four round trips to DynamoDB rather than a hundred (at AWS's
   * latency, sixteen in flight left a hundred-key bundle waiting about 50 ms for its commits,
   * thirty-two about 25 ms), few enough that a 1 GB function's threads and its HTTP connections
   * stay few. The template keeps that many connections alive ({@code http.maxConnections}): the JDK
   * keeps five by default, and every connection more would be opened, with its TLS handshake, again
   * for every bundle.
   */
  public static final int COMMITS_IN_FLIGHT = 32;

  private final DoFnHost<K, V, OutputT> host;
  private final Stores stores;
  private final WeirPipeline<K, V, OutputT> pipeline;
  private final EngineCounters counters;
  private final RecordDecoder<K, V> decoder;
  private final BundleProcessor<K, V, OutputT> bundles;
  private final TimerFirer<K> timers;
  private final TimerTicker<K> ticker;
  private final VerifiedFrontiers<K, V> frontiers;
  private final KeyExecutor<K, OutputT> executor;

  public WeirEngine(WeirPipeline<K, V, OutputT> pipeline, Stores stores, OutputSink<OutputT> sink) {
    this(pipeline, stores, sink, WakeupScheduler.none());
  }

  /**
   * An engine whose committed processing-time timers are handed to {@code wakeups}, so that
   * something fires them after this invocation has ended; late elements are only reported in each
   * {@link BundleResult}.
   */
  public WeirEngine(
      WeirPipeline<K, V, OutputT> pipeline,
      Stores stores,
      OutputSink<OutputT> sink,
      WakeupScheduler wakeups) {
    this(pipeline, stores, sink, wakeups, late -> {});
  }

  /**
   * An engine that also sends each key's late elements to {@code lateData} before the key's commit
   * marks their records as handled, so that a failed send is retried with the batch, never lost.
   */
  public WeirEngine(
      WeirPipeline<K, V, OutputT> pipeline,
      Stores stores,
      OutputSink<OutputT> sink,
      WakeupScheduler wakeups,
      Consumer<List<LateElement<V>>> lateData) {
    this(pipeline, stores, sink, wakeups, lateData, null);
  }

  /**
   * An engine whose timer firings go to the key's processor as {@link KeyTick}s sent to {@code
   * ticks}, instead of running here: how the Lambda functions run, where a timer firing beside a
   * processor could race the key's records. With {@code ticks} null, due timers fire in place (one
   * process owning every key: the test driver, the benchmarks).
   */
  public WeirEngine(
      WeirPipeline<K, V, OutputT> pipeline,
      Stores stores,
      OutputSink<OutputT> sink,
      WakeupScheduler wakeups,
      Consumer<List<LateElement<V>>> lateData,
      KeyTicks ticks) {
    this(
        pipeline,
        stores,
        sink,
        wakeups,
        lateData,
        ticks,
        Retries.inMemory(3),
        GivenUp.inResultsOnly());
  }

  /**
   * An engine whose failing timers are counted in {@code retries}'s ledger and given up after its
   * attempts (how the Lambda functions run: counted in DynamoDB, across containers).
   */
  public WeirEngine(
      WeirPipeline<K, V, OutputT> pipeline,
      Stores stores,
      OutputSink<OutputT> sink,
      WakeupScheduler wakeups,
      Consumer<List<LateElement<V>>> lateData,
      KeyTicks ticks,
      Retries retries,
      GivenUp givenUp) {
    this(pipeline, stores, sink, wakeups, lateData, ticks, retries, givenUp, false);
  }

  /**
   * An engine as the Lambda functions run it, told whether each input shard has one lane ({@code
   * ParallelizationFactor} 1). With one lane and timers fired as {@code ticks}, the processor
   * holding a shard is the only writer of its keys: bundles that find nobody took the shard since
   * the last one trust what the container remembers of their keys instead of reading their headers.
   */
  public WeirEngine(
      WeirPipeline<K, V, OutputT> pipeline,
      Stores stores,
      OutputSink<OutputT> sink,
      WakeupScheduler wakeups,
      Consumer<List<LateElement<V>>> lateData,
      KeyTicks ticks,
      Retries retries,
      GivenUp givenUp,
      boolean oneLanePerShard) {
    this.host = new DoFnHost<>(pipeline);
    this.stores = stores;
    this.pipeline = pipeline;
    this.counters = new EngineCounters(stores.usage());
    this.decoder = new RecordDecoder<>(pipeline);
    OutputCollector<OutputT> collector = new OutputCollector<>(pipeline.name(), host);
    this.executor = new KeyExecutor<>(host, stores.state(), sink, counters, collector, wakeups);
    this.bundles =
        new BundleProcessor<>(
            host,
            stores,
            executor,
            counters,
            lateData,
            retries,
            givenUp,
            oneLanePerShard && ticks != null);
    this.timers = new TimerFirer<>(host, stores.timers(), executor, counters, retries, givenUp);
    this.ticker = ticks == null ? null : new TimerTicker<>(pipeline, stores.timers(), ticks);
    this.frontiers = new VerifiedFrontiers<>(pipeline, stores.state(), stores.shards());
  }

  /**
   * Draws again what a JVM snapshot would otherwise share among every container restored from it
   * (the random part of chunk ids): call it after a SnapStart restore, before any work.
   */
  public static void afterSnapshotRestore() {
    ChunkNonces.reseed();
  }

  /** Processes one bundle of records from {@code shardId} at processing time {@code now}. */
  public BundleResult<V> processBundle(String shardId, List<InputRecord> records, Instant now) {
    List<DecodedRecord<K, V>> decoded = new ArrayList<>(records.size());
    List<RejectedRecord> rejected = new ArrayList<>();
    List<DecodedTick<K>> ticks = new ArrayList<>();
    decoder.decode(shardId, records, decoded, rejected, ticks);
    return bundles.process(shardId, decoded, rejected, ticks, now);
  }

  /**
   * Releases the watermark holds of keys of {@code shardId} whose failed records were given up
   * (dead-lettered): they will not be processed again, so the shard's watermark may pass them.
   */
  public void releaseHolds(String shardId, Set<String> keyIds) {
    if (!keyIds.isEmpty()) {
      bundles.releaseHolds(shardId, keyIds);
    }
  }

  /**
   * Marks {@code records} of {@code shardId}, the records of key {@code keyId} whose work kept
   * failing, applied to the key once their dead letters are sent: its header alone is committed,
   * its state and timers untouched, so that a replay of their batch skips them rather than
   * dead-lettering them again. Throws if the store cannot commit; the batch is then retried.
   */
  public void markDeadLettered(String shardId, String keyId, List<InputRecord> records) {
    bundles.markDeadLettered(shardId, keyId, records);
  }

  /** Processes records already decoded (the test driver sends values, not bytes). */
  public BundleResult<V> processDecoded(
      String shardId, List<DecodedRecord<K, V>> records, Instant now) {
    return bundles.process(shardId, records, List.of(), List.of(), now);
  }

  /**
   * Fires the event-time timers the stored global watermark has passed (or ticks their keys, see
   * {@link #WeirEngine(WeirPipeline, Stores, OutputSink, WakeupScheduler, Consumer, KeyTicks)}).
   */
  public FiringResult fireEventTimers(Instant now) {
    Instant watermark = Times.toInstant(stores.shards().globalWatermark());
    if (ticker != null) {
      return FiringResult.ticked(
          ticker.tick(TimerDomain.EVENT_TIME, watermark.getMillis(), now.getMillis()));
    }
    return timers.fire(TimerDomain.EVENT_TIME, watermark, now, watermark);
  }

  /** Fires the processing-time timers due before {@code now} (or ticks their keys). */
  public FiringResult fireProcessingTimers(Instant now) {
    if (ticker != null) {
      return FiringResult.ticked(
          ticker.tick(TimerDomain.PROCESSING_TIME, now.getMillis(), now.getMillis()));
    }
    Instant watermark = Times.toInstant(stores.shards().globalWatermark());
    return timers.fire(TimerDomain.PROCESSING_TIME, now, now, watermark);
  }

  /**
   * The sweep use case: move the global watermark (idle shards do not hold it back), then fire the
   * event-time timers it passed and the processing-time timers due at {@code now}.
   */
  public SweepResult sweep(Instant now, ShardActivity activity, ShardTopology topology) {
    return sweep(now, activity, topology, Lanes.one());
  }

  /**
   * The sweep for shards read by {@code lanes}: with several lanes per shard, each shard's
   * watermark follows only the prefix of its records this sweep (or an earlier one) found handled
   * in order.
   */
  public SweepResult sweep(
      Instant now, ShardActivity activity, ShardTopology topology, Lanes lanes) {
    topology.refresh(stores.shards());
    List<ShardRecord> shards;
    ShardActivity caughtUp = activity;
    if (lanes.verifiedThrough().isEmpty()) {
      shards = stores.shards().shards();
    } else {
      // The verifying read already saw each shard's tip: no second read asks whether it is idle.
      Map<String, Boolean> seen = frontiers.advance(lanes.verifiedThrough().get());
      caughtUp =
          shard ->
              seen.containsKey(shard.shardId())
                  ? seen.get(shard.shardId())
                  : activity.isCaughtUp(shard);
      shards =
          stores.shards().shards().stream()
              .map(shard -> ShardWatermarks.verifiedView(shard, pipeline.watermarkPolicy()))
              .toList();
    }
    OptionalLong global =
        ShardWatermarks.global(
            shards,
            caughtUp,
            pipeline.watermarkPolicy(),
            now.getMillis() - pipeline.idleShardTimeout().getMillis());
    if (global.isPresent()) {
      stores.shards().advanceGlobalWatermark(global.getAsLong());
    }
    Instant watermark = Times.toInstant(stores.shards().globalWatermark());
    FiringResult eventTime = fireEventTimers(now);
    FiringResult processingTime = fireProcessingTimers(now);
    return new SweepResult(watermark, eventTime, processingTime);
  }

  public EngineCounters counters() {
    return counters;
  }

  /** The DoFn host, for reading a key's state outside of processing. */
  public DoFnHost<K, V, OutputT> host() {
    return host;
  }

  @Override
  public void close() {
    executor.close();
    host.close();
  }
}
