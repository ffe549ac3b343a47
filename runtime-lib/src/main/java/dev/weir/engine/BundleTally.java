package dev.weir.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a bundle's keys did, added up key by key into the bundle's result and counters. */
final class BundleTally<V> {
  private final EngineCounters counters;
  private int processed;
  private int skipped;
  private final List<LateElement<V>> late = new ArrayList<>();
  private final List<FailedKey> failed = new ArrayList<>();
  private final List<DeadTimer> deadTimers = new ArrayList<>();
  private final List<DeadRecord> deadRecords = new ArrayList<>();
  private final Set<String> committed = new HashSet<>();

  BundleTally(EngineCounters counters) {
    this.counters = counters;
  }

  /** A key whose work committed (or had nothing to commit). */
  void succeeded(String keyId, boolean hadRecords, KeyBundleWork<?, V> work) {
    if (hadRecords) {
      committed.add(keyId); // releases a hold its earlier failure set
    }
    processed += work.processed();
    skipped += work.skipped();
    late.addAll(work.late());
    counters.eventTimersFired.add(work.eventTimersFired());
    counters.processingTimersFired.add(work.processingTimersFired());
    deadTimers.addAll(work.deadTimers());
    deadRecords.addAll(work.deadRecords());
  }

  /** A key whose work failed; its records come back (replayed or dead-lettered). */
  void failed(FailedKey key) {
    counters.failedKeys.increment();
    failed.add(key);
  }

  List<FailedKey> failedKeys() {
    return failed;
  }

  /** Keys with records that committed: their shard holds are released. */
  Set<String> committed() {
    return committed;
  }

  /** The bundle's result; counts what it processed, skipped and dropped. */
  BundleResult<V> result(List<RejectedRecord> rejected) {
    counters.elements.add(processed);
    counters.replaysSkipped.add(skipped);
    counters.lateDropped.add(late.size());
    return new BundleResult<>(processed, skipped, late, rejected, failed, deadTimers, deadRecords);
  }
}
