package dev.weir.bench.stack;

/**
 * One contender's run on one workload on the local stack.
 *
 * @param eventsPerSec events per second of handler time (what Lambda bills), summed over shards,
 *     leaving out the first invocations (JIT warm-up)
 * @param requestsPerEvent DynamoDB requests per event, every function of the contender included
 * @param unitsPerEvent read plus write capacity units per event, as DynamoDB reports them
 * @param wallSeconds from starting the event-source mapping to the last record handled
 */
public record StackResult(
    long events,
    double eventsPerSec,
    double requestsPerEvent,
    double readUnitsPerEvent,
    double writeUnitsPerEvent,
    double unitsPerEvent,
    long invocations,
    double handlerSeconds,
    double wallSeconds) {}
