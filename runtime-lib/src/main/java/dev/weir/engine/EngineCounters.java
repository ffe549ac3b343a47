package dev.weir.engine;

import dev.weir.store.StoreUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what the engine did since it was built; read by metrics, the demo and benches. */
public final class EngineCounters {
  private final StoreUsage storeUsage;
  final LongAdder bundles = new LongAdder();
  final LongAdder elements = new LongAdder();
  final LongAdder replaysSkipped = new LongAdder();
  final LongAdder lateDropped = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder failedKeys = new LongAdder();
  final LongAdder outputs = new LongAdder();
  final LongAdder commits = new LongAdder();
  final LongAdder conflicts = new LongAdder();
  final LongAdder timersSet = new LongAdder();
  final LongAdder eventTimersFired = new LongAdder();
  final LongAdder processingTimersFired = new LongAdder();
  final LongAdder firingLatenessMillis = new LongAdder();
  final java.util.concurrent.atomic.LongAccumulator maxFiringLatenessMillis =
      new java.util.concurrent.atomic.LongAccumulator(Math::max, 0);

  EngineCounters(StoreUsage storeUsage) {
    this.storeUsage = storeUsage;
  }

  /** Requests and capacity units of the engine's store (zero for the in-memory store). */
  public StoreUsage storeUsage() {
    return storeUsage;
  }

  public long eventTimersFired() {
    return eventTimersFired.sum();
  }

  public long processingTimersFired() {
    return processingTimersFired.sum();
  }

  /** The largest firing lateness (clock minus due time) since the last call; resets it. */
  public long takeMaxFiringLatenessMillis() {
    return maxFiringLatenessMillis.getThenReset();
  }

  void recordFiring(long latenessMillis) {
    long lateness = Math.max(0, latenessMillis);
    firingLatenessMillis.add(lateness);
    maxFiringLatenessMillis.accumulate(lateness);
  }

  public long elements() {
    return elements.sum();
  }

  public long commits() {
    return commits.sum();
  }

  /** Every counter by name, in a stable order. */
  public Map<String, Long> snapshot() {
    Map<String, Long> values = new LinkedHashMap<>();
    values.put("bundles", bundles.sum());
    values.put("elements", elements.sum());
    values.put("replaysSkipped", replaysSkipped.sum());
    values.put("lateDropped", lateDropped.sum());
    values.put("rejected", rejected.sum());
    values.put("failedKeys", failedKeys.sum());
    values.put("outputs", outputs.sum());
    values.put("commits", commits.sum());
    values.put("conflicts", conflicts.sum());
    values.put("timersSet", timersSet.sum());
    values.put("eventTimersFired", eventTimersFired.sum());
    values.put("processingTimersFired", processingTimersFired.sum());
    values.put("firingLatenessMillis", firingLatenessMillis.sum());
    values.put("storeRequests", storeUsage.requests());
    values.put("storeReadUnits", Math.round(storeUsage.readUnits()));
    values.put("storeWriteUnits", Math.round(storeUsage.writeUnits()));
    return values;
  }
}
