package dev.weir.engine;

import dev.weir.beam.DoFnHost;
import dev.weir.sink.OutputIds;
import dev.weir.state.KeyWorkspace;
import dev.weir.store.KeyHeader;
import dev.weir.timer.TimerDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.joda.time.Instant;

/**
 * One key's work in one bundle: skip replays, assign windows, drop late data as Beam does, run the
 * DoFn on each record, then fire the key's due timers (event time behind the watermark, processing
 * time behind now). A record or timer that fails is retried with the key's next work and, after its
 * attempts, given up ({@link FailingRecords}, {@link FailingTimers}) so the rest goes on.
 */
final class KeyBundleWork<K, V> implements KeyExecutor.KeyWork {
  private final DoFnHost<K, V, ?> host;
  private final String shardId;
  private final List<DecodedRecord<K, V>> records;
  private final Set<String> tickedNamespaces;
  private final Instant now;
  private final Instant watermark;
  private final EngineCounters counters;
  private final FailingRecords failingRecords;
  private final FailingTimers failingTimers;
  private final List<LateElement<V>> late = new ArrayList<>();
  private KeyHeader header;
  private int processed;
  private int skipped;
  private int eventTimersFired;
  private int processingTimersFired;

  KeyBundleWork(
      DoFnHost<K, V, ?> host,
      String shardId,
      String keyId,
      List<DecodedRecord<K, V>> records,
      Set<String> tickedNamespaces,
      Instant now,
      Instant watermark,
      EngineCounters counters,
      Retries retries) {
    this.host = host;
    this.shardId = shardId;
    this.records = records;
    this.tickedNamespaces = tickedNamespaces;
    this.now = now;
    this.watermark = watermark;
    this.counters = counters;
    this.failingRecords = new FailingRecords(retries, shardId, keyId);
    this.failingTimers = new FailingTimers(retries, host, keyId);
  }

  /**
   * Runs this work through {@code executor} for {@code key} until it commits or fails; returns the
   * DoFn's failure or null. Late elements go to {@code lateData} before the commit.
   */
  Throwable execute(
      KeyExecutor<K, ?> executor,
      K key,
      String keyId,
      Consumer<List<LateElement<V>>> lateData,
      GivenUp givenUp) {
    return withFailures(
        () -> executor.run(key, keyId, now, watermark, this, beforeCommit(lateData, givenUp)));
  }

  /**
   * Runs this work through {@code executor} for {@code key} until it succeeds or fails, leaving its
   * outputs and commit to {@code deferred} (sent and committed with the bundle's other keys).
   */
  <O> Throwable executeDeferred(
      KeyExecutor<K, O> executor,
      K key,
      String keyId,
      Consumer<List<LateElement<V>>> lateData,
      GivenUp givenUp,
      DeferredCommits<O> deferred) {
    return withFailures(
        () ->
            executor.runDeferred(
                key, keyId, now, watermark, this, beforeCommit(lateData, givenUp), deferred));
  }

  private Throwable withFailures(Supplier<Throwable> attempt) {
    return failingRecords.run(() -> failingTimers.run(attempt));
  }

  /** What goes out before the key's commit marks its records handled: late data, dead letters. */
  private Runnable beforeCommit(Consumer<List<LateElement<V>>> lateData, GivenUp givenUp) {
    return () -> {
      if (!late.isEmpty()) {
        lateData.accept(List.copyOf(late));
      }
      List<DeadRecord> deadRecords = deadRecords();
      List<DeadTimer> deadTimers = deadTimers();
      if (!deadRecords.isEmpty() || !deadTimers.isEmpty()) {
        givenUp.send(shardId, deadRecords, deadTimers);
      }
    };
  }

  @Override
  public void run(KeyWorkspace workspace, OutputCollector<?> outputs) {
    header = workspace.header();
    late.clear();
    processed = 0;
    skipped = 0;
    for (DecodedRecord<K, V> record : records) {
      String sequenceNumber = record.record().sequenceNumber();
      if (workspace.header().hasApplied(shardId, sequenceNumber)) {
        skipped++;
        continue;
      }
      if (failingRecords.giveUp(record.record())) {
        workspace.markApplied( // dead-lettered once this commits
            shardId, sequenceNumber, record.record().arrivalTime().getMillis());
        continue;
      }
      String cause = OutputIds.record(shardId, sequenceNumber);
      outputs.cause(cause);
      workspace.cause(cause);
      try {
        for (BoundedWindow window : windowsOf(record)) {
          if (host.isExpired(window, watermark)) {
            late.add(
                new LateElement<>(record.record(), record.value(), record.timestamp(), window));
          } else {
            host.processElement(record.value(), record.timestamp(), window);
          }
        }
      } catch (RuntimeException | Error e) {
        throw new RecordFailure(record.record(), e); // KeyExecutor tells whose failure it is
      }
      processed++;
      workspace.markApplied(shardId, sequenceNumber, record.record().arrivalTime().getMillis());
    }
    // Timers the elements set behind the clocks are due now, as in Beam; ticked windows, and the
    // key's other windows with timers the store has at hand, are loaded so that their due timers
    // fire too (a tick may wait behind a backlog).
    tickedNamespaces.forEach(workspace::load);
    workspace.loadNamespacesWithDueTimers(watermark.getMillis(), now.getMillis());
    eventTimersFired =
        DueTimers.fire(
            host,
            workspace,
            outputs,
            TimerDomain.EVENT_TIME,
            watermark.getMillis(),
            counters,
            failingTimers);
    processingTimersFired =
        DueTimers.fire(
            host,
            workspace,
            outputs,
            TimerDomain.PROCESSING_TIME,
            now.getMillis(),
            counters,
            failingTimers);
  }

  /**
   * The records the key had not applied when this work last ran: what a failure of the work leaves
   * to come back (retried or dead-lettered with the key). Records applied before, by an earlier
   * delivery of the batch, are not the key's to give up: a letter of one, redriven, would apply it
   * twice.
   */
  List<DecodedRecord<K, V>> unapplied() {
    KeyHeader seen = header;
    if (seen == null) {
      return records; // the work never started: nothing was read
    }
    return records.stream()
        .filter(r -> !seen.hasApplied(shardId, r.record().sequenceNumber()))
        .toList();
  }

  int processed() {
    return processed;
  }

  int skipped() {
    return skipped;
  }

  int eventTimersFired() {
    return eventTimersFired;
  }

  int processingTimersFired() {
    return processingTimersFired;
  }

  List<LateElement<V>> late() {
    return late;
  }

  List<DeadTimer> deadTimers() {
    return failingTimers.dead();
  }

  List<DeadRecord> deadRecords() {
    return failingRecords.dead();
  }

  private Collection<? extends BoundedWindow> windowsOf(DecodedRecord<K, V> record) {
    return record.windows() != null ? record.windows() : assign(host.pipeline().windowFn(), record);
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
