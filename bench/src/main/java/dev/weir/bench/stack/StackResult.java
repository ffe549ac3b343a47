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
    double wallSeconds) {

  /** Each measure's median over {@code runs} (of one contender on one workload). */
  public static StackResult median(java.util.List<StackResult> runs) {
    return new StackResult(
        runs.get(0).events(),
        median(runs, StackResult::eventsPerSec),
        median(runs, StackResult::requestsPerEvent),
        median(runs, StackResult::readUnitsPerEvent),
        median(runs, StackResult::writeUnitsPerEvent),
        median(runs, StackResult::unitsPerEvent),
        Math.round(median(runs, r -> r.invocations())),
        median(runs, StackResult::handlerSeconds),
        median(runs, StackResult::otherFunctionSeconds),
        Math.round(median(runs, r -> r.otherFunctionInvocations())),
        median(runs, StackResult::wallSeconds));
  }

  private static double median(
      java.util.List<StackResult> runs, java.util.function.ToDoubleFunction<StackResult> measure) {
    double[] values = runs.stream().mapToDouble(measure).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
