package dev.weir.bench.stack;

/**
 * One contender's run on one workload on the local stack.
 *
 * @param eventsPerSec events per second of handler time (what Lambda bills), summed over shards,
 *     leaving out the processor's first invocations (JIT warm-up), and counting every second the
 *     contender's other functions (Weir's watermark and timer functions) spent meanwhile
 * @param requestsPerEvent DynamoDB requests per event, every function of the contender included
 * @param unitsPerEvent read plus write capacity units per event, as DynamoDB reports them
 * @param handlerSeconds the processor's handler time
 * @param otherFunctionSeconds the other functions' handler time (Weir's watermark and timer
 *     functions, during the run and while its timers settle after it; 0 for the baselines)
 * @param otherFunctionInvocations their invocations
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
    double otherFunctionSeconds,
    long otherFunctionInvocations,
    double wallSeconds) {}
