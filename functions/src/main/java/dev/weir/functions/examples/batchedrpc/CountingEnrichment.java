package dev.weir.functions.examples.batchedrpc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in enrichment service that answers deterministically and counts its calls. Counts live in
 * a static registry under the instance's name, so copies made by serialization (Beam runners
 * serialize DoFns) count into the same place.
 */
public final class CountingEnrichment implements EnrichmentService {
  private static final Map<String, AtomicLong> CALLS = new ConcurrentHashMap<>();
  private static final Map<String, AtomicLong> ENRICHED = new ConcurrentHashMap<>();
  private final String name;

  public CountingEnrichment(String name) {
    this.name = name;
    CALLS.computeIfAbsent(name, n -> new AtomicLong());
    ENRICHED.computeIfAbsent(name, n -> new AtomicLong());
  }

  @Override
  public List<String> enrich(List<Event> batch) {
    CALLS.get(name).incrementAndGet();
    ENRICHED.get(name).addAndGet(batch.size());
    return batch.stream().map(e -> "profile-of-" + e.key()).toList();
  }

  /** Calls made to services named {@code name} since the last reset. */
  public static long calls(String name) {
    AtomicLong calls = CALLS.get(name);
    return calls == null ? 0 : calls.get();
  }

  /**
   * Events enriched by services named {@code name} since the last reset: the DoFn outputs each
   * once, so runners can be counted without adding a step of their own.
   */
  public static long enriched(String name) {
    AtomicLong enriched = ENRICHED.get(name);
    return enriched == null ? 0 : enriched.get();
  }

  public long calls() {
    return calls(name);
  }

  public void reset() {
    CALLS.get(name).set(0);
    ENRICHED.get(name).set(0);
  }
}
