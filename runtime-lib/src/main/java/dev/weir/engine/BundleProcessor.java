package dev.weir.engine;

import dev.weir.beam.DoFnHost;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.state.KeyIds;
import dev.weir.store.SequenceNumbers;
import dev.weir.store.Stores;
import dev.weir.store.TimerDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.joda.time.Instant;

/**
 * The "process a bundle" use case: group a shard's decoded records by key, and per key skip
 * replays, assign windows, drop late data as Beam does, run the DoFn, fire the key's timers already
 * due (event time behind the watermark, processing time behind now), and commit once. Then advance
 * the shard's watermark.
 */
final class BundleProcessor<K, V, OutputT> {
  private final WeirPipeline<K, V, OutputT> pipeline;
  private final DoFnHost<K, V, OutputT> host;
  private final Stores stores;
  private final KeyExecutor<K, OutputT> executor;
  private final EngineCounters counters;
  private final KeyIds<K> keyIds;
  private final Consumer<List<LateElement<V>>> lateData;
  private final ShardProgress progress;
  private final TimerRetries timerRetries;

  /**
   * @param lateData receives each key's late elements before the key's commit marks their records
   *     as handled
   */
  BundleProcessor(
      DoFnHost<K, V, OutputT> host,
      Stores stores,
      KeyExecutor<K, OutputT> executor,
      EngineCounters counters,
      Consumer<List<LateElement<V>>> lateData,
      TimerRetries timerRetries) {
    this.lateData = lateData;
    this.timerRetries = timerRetries;
    this.pipeline = host.pipeline();
    this.host = host;
    this.stores = stores;
    this.executor = executor;
    this.counters = counters;
    this.keyIds = new KeyIds<>(pipeline.keyCoder());
    this.progress = new ShardProgress(stores.shards(), pipeline.watermarkPolicy());
  }

  /** Releases the holds of keys whose records were dead-lettered: they will not come back. */
  void releaseHolds(String shardId, Set<String> keyIds) {
    progress.releaseHolds(shardId, keyIds);
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
    counters.rejected.add(rejected.size());
    Instant watermark = Times.toInstant(bundleWatermark(ticks));
    Map<String, List<DecodedRecord<K, V>>> byKey = new LinkedHashMap<>();
    Map<String, K> keys = new LinkedHashMap<>();
    long maxEventTime = Long.MIN_VALUE;
    for (DecodedRecord<K, V> record : records) {
      String keyId = keyIds.idOf(record.key());
      byKey.computeIfAbsent(keyId, k -> new ArrayList<>()).add(record);
      keys.putIfAbsent(keyId, record.key());
      maxEventTime = Math.max(maxEventTime, record.timestamp().getMillis());
    }
    Map<String, Set<String>> tickedNamespaces = new HashMap<>();
    for (DecodedTick<K> tick : ticks) {
      keys.putIfAbsent(tick.tick().keyId(), tick.key());
      tickedNamespaces
          .computeIfAbsent(tick.tick().keyId(), k -> new HashSet<>())
          .addAll(tick.tick().namespaces());
    }
    stores.state().prepare(keys.keySet());
    List<LateElement<V>> late = new ArrayList<>();
    List<FailedKey> failed = new ArrayList<>();
    List<DeadTimer> deadTimers = new ArrayList<>();
    Set<String> committed = new HashSet<>();
    int[] processed = {0};
    int[] skipped = {0};
    executor.startBundle(bundleCause(shardId, records, ticks));
    for (Map.Entry<String, K> group : keys.entrySet()) {
      List<DecodedRecord<K, V>> keyRecords = byKey.getOrDefault(group.getKey(), List.of());
      List<LateElement<V>> keyLate = new ArrayList<>();
      int[] keyProcessed = {0};
      int[] keySkipped = {0};
      int[] keyFired = {0};
      int[] keyPtFired = {0};
      FailingTimers failing = new FailingTimers(timerRetries, host, group.getKey());
      Throwable error =
          failing.run(
              () ->
                  executor.run(
                      group.getValue(),
                      group.getKey(),
                      now,
                      watermark,
                      (workspace, outputs) -> {
                        keyLate.clear();
                        keyProcessed[0] = 0;
                        keySkipped[0] = 0;
                        for (DecodedRecord<K, V> record : keyRecords) {
                          String sequenceNumber = record.record().sequenceNumber();
                          if (workspace.header().hasApplied(shardId, sequenceNumber)) {
                            keySkipped[0]++;
                            continue;
                          }
                          String cause = "record:" + shardId + ':' + sequenceNumber;
                          outputs.cause(cause);
                          workspace.cause(cause);
                          for (BoundedWindow window : windowsOf(record)) {
                            if (host.isExpired(window, watermark)) {
                              keyLate.add(
                                  new LateElement<>(
                                      record.record(), record.value(), record.timestamp(), window));
                            } else {
                              host.processElement(record.value(), record.timestamp(), window);
                            }
                          }
                          keyProcessed[0]++;
                          workspace.markApplied(shardId, sequenceNumber);
                        }
                        // Timers the elements set behind the clocks are due now, as in Beam; ticked
                        // windows, and the key's other windows with timers the store has at hand,
                        // are
                        // loaded so that their due timers fire too (a tick may wait behind a
                        // backlog).
                        tickedNamespaces
                            .getOrDefault(group.getKey(), Set.of())
                            .forEach(workspace::load);
                        workspace.loadNamespacesWithDueTimers(
                            watermark.getMillis(), now.getMillis());
                        keyFired[0] =
                            DueTimers.fire(
                                host,
                                workspace,
                                outputs,
                                TimerDomain.EVENT_TIME,
                                watermark.getMillis(),
                                counters,
                                failing);
                        keyPtFired[0] =
                            DueTimers.fire(
                                host,
                                workspace,
                                outputs,
                                TimerDomain.PROCESSING_TIME,
                                now.getMillis(),
                                counters,
                                failing);
                      },
                      () -> {
                        if (!keyLate.isEmpty()) {
                          lateData.accept(List.copyOf(keyLate));
                        }
                      }));
      if (error == null) {
        if (!keyRecords.isEmpty()) {
          committed.add(group.getKey()); // releases a hold its earlier failure set
        }
        processed[0] += keyProcessed[0];
        skipped[0] += keySkipped[0];
        late.addAll(keyLate);
        counters.eventTimersFired.add(keyFired[0]);
        counters.processingTimersFired.add(keyPtFired[0]);
        deadTimers.addAll(failing.dead());
      } else {
        counters.failedKeys.increment();
        failed.add(
            new FailedKey(
                group.getKey(), keyRecords.stream().map(DecodedRecord::record).toList(), error));
      }
    }
    executor.finishBundle();
    counters.elements.add(processed[0]);
    counters.replaysSkipped.add(skipped[0]);
    counters.lateDropped.add(late.size());
    // Records of failed keys come back (replayed or dead-lettered); until then they hold the
    // shard's watermark, or their replay would find their windows expired and drop them as late.
    Map<String, Long> held = new HashMap<>();
    for (FailedKey key : failed) {
      for (DecodedRecord<K, V> record : byKey.getOrDefault(key.keyId(), List.of())) {
        held.merge(key.keyId(), record.timestamp().getMillis(), Math::min);
      }
    }
    progress.afterBundle(shardId, records, ticks, maxEventTime, held, committed);
    return new BundleResult<>(processed[0], skipped[0], late, rejected, failed, deadTimers);
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
    return first == null
        ? "bundle:" + shardId + ":empty"
        : "bundle:" + shardId + ':' + first + '-' + last;
  }

  private Collection<? extends BoundedWindow> windowsOf(DecodedRecord<K, V> record) {
    return assign(pipeline.windowFn(), record);
  }

  private static <W extends BoundedWindow> Collection<W> assign(
      WindowFn<Object, W> windowFn, DecodedRecord<?, ?> record) {
    try {
      return windowFn.assignWindows(
          windowFn.new AssignContext() {
            @Override
            public Object element() {
              return record.value();
            }

            @Override
            public Instant timestamp() {
              return record.timestamp();
            }

            @Override
            public BoundedWindow window() {
              return GlobalWindow.INSTANCE;
            }
          });
    } catch (Exception e) {
      throw new IllegalStateException("cannot assign windows to " + record.value(), e);
    }
  }
}
