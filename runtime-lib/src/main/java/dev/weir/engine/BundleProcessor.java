package dev.weir.engine;

import dev.weir.beam.DoFnHost;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.OutputIds;
import dev.weir.store.InFlightBatch;
import dev.weir.store.SequenceNumbers;
import dev.weir.store.Stores;
import dev.weir.timer.TimerDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.joda.time.Instant;

/**
 * The "process a bundle" use case: group a shard's decoded records and ticks by key, run each key's
 * work ({@link KeyBundleWork}) and commit it once, then advance the shard's watermark, holding it
 * for keys that failed.
 */
final class BundleProcessor<K, V, OutputT> {
  private final WeirPipeline<K, V, OutputT> pipeline;
  private final DoFnHost<K, V, OutputT> host;
  private final Stores stores;
  private final KeyExecutor<K, OutputT> executor;
  private final EngineCounters counters;
  private final RecordKeys<K> recordKeys;
  private final Consumer<List<LateElement<V>>> lateData;
  private final ShardProgress progress;
  private final Retries retries;
  private final GivenUp givenUp;
  private final boolean soleWriter;

  /**
   * @param lateData receives each key's late elements before the key's commit marks their records
   *     as handled
   * @param soleWriter while this engine holds a shard nothing else writes the shard's keys (one
   *     lane per shard, timers fired as ticks through the key's processor): every bundle then
   *     leases the shard before its commits, and one that finds the shard's record as this engine
   *     wrote it last trusts what it remembers of its keys without reading their headers
   */
  BundleProcessor(
      DoFnHost<K, V, OutputT> host,
      Stores stores,
      KeyExecutor<K, OutputT> executor,
      EngineCounters counters,
      Consumer<List<LateElement<V>>> lateData,
      Retries retries,
      GivenUp givenUp,
      boolean soleWriter) {
    this.soleWriter = soleWriter;
    this.givenUp = givenUp;
    this.lateData = lateData;
    this.retries = retries;
    this.pipeline = host.pipeline();
    this.host = host;
    this.stores = stores;
    this.executor = executor;
    this.counters = counters;
    this.recordKeys = new RecordKeys<>(pipeline);
    this.progress = new ShardProgress(stores.shards(), pipeline.watermarkPolicy(), soleWriter);
  }

  /** Releases the holds of keys whose records were dead-lettered: they will not come back. */
  void releaseHolds(String shardId, Set<String> keyIds) {
    progress.releaseHolds(shardId, keyIds);
  }

  /** Marks the records of a key whose work kept failing applied, once they are dead-lettered. */
  void markDeadLettered(String shardId, String keyId, List<InputRecord> records) {
    executor.markApplied(keyId, shardId, records);
  }

  /**
   * @param ticks keys whose due timers to fire (in the key's work, with any records of the key)
   */
  BundleResult<V> process(
      String shardId,
      List<DecodedRecord<K, V>> records,
      List<RejectedRecord> rejected,
      List<DecodedTick<K>> ticks,
      Instant now) {
    counters.bundles.increment();
    progress.beginBundle();
    Instant watermark = Times.toInstant(bundleWatermark(ticks));
    ByKey byKey = new ByKey(records, rejected, ticks);
    counters.rejected.add(byKey.rejected.size());
    // The lease is taken before any key's work: if this invocation throws, crashes or times out,
    // its records still hold the shard until a retry of the batch finishes them. Written on the
    // shard's record this engine wrote last, it also proves that nobody else took the shard since.
    Optional<InFlightBatch> lease = byKey.lease(records, ticks);
    // Never true but for a sole writer: only one remembers its record across bundles.
    boolean uninterrupted = lease.isPresent() && progress.open(shardId, lease.get());
    executor.prepare(shardId, byKey.keys.keySet(), uninterrupted);
    BundleTally<V> tally = new BundleTally<>(counters);
    executor.startBundle(bundleCause(shardId, records, ticks));
    // Records of failed keys come back (replayed or dead-lettered); until then they hold the
    // shard's watermark, or their replay would find their windows expired and drop them as late.
    Map<String, Long> held = new HashMap<>();
    // Every key's DoFn runs first, one key at a time; then all their outputs go out and their
    // commits run concurrently; a key whose commit lost a race is done again on its own.
    DeferredCommits<OutputT> deferred = new DeferredCommits<>();
    Map<String, KeyBundleWork<K, V>> works = new LinkedHashMap<>();
    Map<String, Throwable> errors = new HashMap<>();
    for (Map.Entry<String, K> group : byKey.keys.entrySet()) {
      String keyId = group.getKey();
      KeyBundleWork<K, V> work =
          new KeyBundleWork<>(
              host,
              shardId,
              keyId,
              byKey.records(keyId),
              byKey.tickedNamespaces.getOrDefault(keyId, Set.of()),
              now,
              watermark,
              counters,
              retries);
      works.put(keyId, work);
      Throwable error =
          work.executeDeferred(executor, group.getValue(), keyId, lateData, givenUp, deferred);
      if (error != null) {
        errors.put(keyId, error);
      }
    }
    for (String keyId : executor.flush(deferred)) {
      Throwable error =
          works.get(keyId).execute(executor, byKey.keys.get(keyId), keyId, lateData, givenUp);
      if (error != null) {
        errors.put(keyId, error);
      }
    }
    for (Map.Entry<String, KeyBundleWork<K, V>> keyWork : works.entrySet()) {
      String keyId = keyWork.getKey();
      KeyBundleWork<K, V> work = keyWork.getValue();
      List<DecodedRecord<K, V>> keyRecords = byKey.records(keyId);
      Throwable error = errors.get(keyId);
      if (error == null) {
        tally.succeeded(keyId, !keyRecords.isEmpty(), work);
      } else {
        List<InputRecord> inputs = new ArrayList<>();
        for (DecodedRecord<K, V> record : work.unapplied()) {
          inputs.add(record.record());
          held.merge(keyId, record.timestamp().getMillis(), Math::min);
        }
        tally.failed(new FailedKey(keyId, inputs, error, error instanceof RecordFailure));
      }
    }
    executor.finishBundle();
    progress.afterBundle(
        shardId,
        records,
        byKey.rejected,
        ticks,
        byKey.maxEventTime,
        held,
        tally.committed(),
        lease);
    return tally.result(byKey.rejected);
  }

  /**
   * A bundle's records and ticks by key id, keys in order of first appearance; a record whose key
   * the user's key coder cannot encode, or whose key id no item could carry, is rejected here.
   */
  private final class ByKey {
    final Map<String, List<DecodedRecord<K, V>>> recordsByKey = new LinkedHashMap<>();
    final Map<String, K> keys = new LinkedHashMap<>();
    final Map<String, Set<String>> tickedNamespaces = new HashMap<>();
    final List<RejectedRecord> rejected;
    long maxEventTime = Long.MIN_VALUE;

    ByKey(
        List<DecodedRecord<K, V>> records,
        List<RejectedRecord> rejectedBefore,
        List<DecodedTick<K>> ticks) {
      rejected = new ArrayList<>(rejectedBefore);
      for (DecodedRecord<K, V> record : records) {
        String keyId = recordKeys.idOf(record, rejected);
        if (keyId == null) {
          continue;
        }
        recordsByKey.computeIfAbsent(keyId, k -> new ArrayList<>()).add(record);
        keys.putIfAbsent(keyId, record.key());
        maxEventTime = Math.max(maxEventTime, record.timestamp().getMillis());
      }
      for (DecodedTick<K> tick : ticks) {
        keys.putIfAbsent(tick.tick().keyId(), tick.key());
        tickedNamespaces
            .computeIfAbsent(tick.tick().keyId(), k -> new HashSet<>())
            .addAll(tick.tick().namespaces());
      }
    }

    List<DecodedRecord<K, V>> records(String keyId) {
      return recordsByKey.getOrDefault(keyId, List.of());
    }

    /**
     * The lease the bundle takes: the batch named by its first and last sequence numbers (of all it
     * read), holding at the earliest event time of its keyed records. None if no record has an
     * event time to hold (only ticks or rejected records), unless the engine is its shard's sole
     * writer and the bundle has ticks: their commits must follow a write of the shard's record too,
     * or another container could not tell that the keys changed (the lease then holds nothing).
     */
    Optional<InFlightBatch> lease(List<DecodedRecord<K, V>> decoded, List<DecodedTick<K>> ticks) {
      long earliestEvent = Long.MAX_VALUE;
      long earliestArrival = Long.MAX_VALUE;
      for (List<DecodedRecord<K, V>> keyRecords : recordsByKey.values()) {
        for (DecodedRecord<K, V> record : keyRecords) {
          earliestEvent = Math.min(earliestEvent, record.timestamp().getMillis());
          earliestArrival = Math.min(earliestArrival, record.record().arrivalTime().getMillis());
        }
      }
      if (soleWriter && earliestEvent == Long.MAX_VALUE) {
        for (DecodedTick<K> tick : ticks) {
          earliestArrival = Math.min(earliestArrival, tick.record().arrivalTime().getMillis());
        }
      }
      if (earliestArrival == Long.MAX_VALUE) {
        return Optional.empty();
      }
      String first = null;
      String last = null;
      List<InputRecord> read = new ArrayList<>();
      decoded.forEach(record -> read.add(record.record()));
      rejected.forEach(record -> read.add(record.record()));
      ticks.forEach(tick -> read.add(tick.record()));
      for (InputRecord record : read) {
        String sequence = record.sequenceNumber();
        first = first == null || SequenceNumbers.compare(sequence, first) < 0 ? sequence : first;
        last = SequenceNumbers.max(last, sequence);
      }
      return Optional.of(new InFlightBatch(first, last, earliestEvent, earliestArrival));
    }
  }

  /**
   * The global watermark the bundle works with: the recently read one, or a fresh read if a tick
   * was sent for a watermark beyond it (ticks are not trusted for the watermark itself: a forged
   * one must not fire a timer early).
   */
  private long bundleWatermark(List<DecodedTick<K>> ticks) {
    long watermark = stores.shards().globalWatermark();
    for (DecodedTick<K> tick : ticks) {
      if (tick.tick().domain() == TimerDomain.EVENT_TIME && tick.tick().clockMillis() > watermark) {
        return stores.shards().freshGlobalWatermark();
      }
    }
    return watermark;
  }

  /** What the bundle is, named by the first and last sequence numbers it read. */
  private static String bundleCause(
      String shardId,
      List<? extends DecodedRecord<?, ?>> records,
      List<? extends DecodedTick<?>> ticks) {
    String first = null;
    String last = null;
    for (DecodedRecord<?, ?> record : records) {
      first = first == null ? record.record().sequenceNumber() : first;
      last = record.record().sequenceNumber();
    }
    for (DecodedTick<?> tick : ticks) {
      String sequence = tick.record().sequenceNumber();
      first = first == null || SequenceNumbers.compare(sequence, first) < 0 ? sequence : first;
      last = last == null || SequenceNumbers.compare(sequence, last) > 0 ? sequence : last;
    }
    return OutputIds.bundle(shardId, first, last);
  }
}
