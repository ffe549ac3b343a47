package dev.weir.bench.engine;

/**
 * One engine contender's run over one workload, in one JVM on this machine.
 *
 * @param eventsPerSecond input events divided by the wall time of the timed run
 * @param outputs enriched events the contender emitted (every non-late event exactly once)
 */
public record EngineResult(double eventsPerSecond, long outputs) {}
