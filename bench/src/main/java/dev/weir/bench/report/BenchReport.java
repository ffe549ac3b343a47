package dev.weir.bench.report;

import dev.weir.bench.stack.StackResult;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code ./weir bench} run measured, as the JSON line it prints last. Top-level
 * engine and cost figures are the {@code hot} workload's; {@code byWorkload} has each workload.
 * {@code profile} is {@code awsLatency} when the local stack paced every AWS call as AWS would
 * answer it ({@code --aws-latency}), {@code default} at the emulators' own pace.
 */
public record BenchReport(
    boolean quick,
    String profile,
    List<WorkloadReport> workloads,
    SessionsReport sessions,
    VersusDirectRunner engineVsDirectRunner,
    VersusFlink engineVsFlink,
    ColdStartMillis coldStartMillis,
    TimerLagMillis timerLagMillis,
    double schedulerCallsPerTimer,
    Cost costPerMillionEventsUsd,
    Map<String, Boolean> targets,
    double wallSeconds) {

  /**
   * The session-window example's DoFn on the local stack (Weir alone: no hand-rolled handler keeps
   * sessions).
   *
   * @param gapSeconds the session gap
   */
  public record SessionsReport(
      String name, int keys, long events, long gapSeconds, Contender weir) {}

  /** One workload on the local stack: Weir, the naive baseline and the careful one. */
  public record WorkloadReport(
      String name,
      int keys,
      long events,
      double meanRecordBytes,
      Contender weir,
      Contender baseline,
      Contender careful,
      Ratios ratios) {}

  /**
   * One contender on one workload: {@code eventsPerSec} per second of handler time, every function
   * of the contender counted ({@code handlerSeconds} the processor's, {@code otherFunctionSeconds}
   * Weir's watermark and timer functions'); each measure the median ({@code statistic}) over the
   * runs, whose rates {@code runs} lists. Per event means per generated event (a timer tick is not
   * one). {@code tickRecords} and {@code outputRecords} are the records the contender put into
   * Kinesis besides the input; {@code costBreakdownUsd} says where the cost goes. What the run left
   * undone, the most any run left: {@code stateLeft} items its keys still hold, {@code
   * eventsNeverOutput} events with no output, {@code duplicateOutputs} outputs beyond one per
   * event. {@code shardPace}: events per second of the processor's handler time alone, the pace one
   * shard's function keeps, as measured and as modelled at AWS's pace ({@link
   * StackResult.ShardPace}).
   */
  public record Contender(
      double eventsPerSec,
      double requestsPerEvent,
      double unitsPerEvent,
      double readUnitsPerEvent,
      double writeUnitsPerEvent,
      double costPerMillionEventsUsd,
      double wallSeconds,
      double handlerSeconds,
      long invocations,
      double otherFunctionSeconds,
      long otherFunctionInvocations,
      long tickRecords,
      long outputRecords,
      CostModel.Breakdown costBreakdownUsd,
      long stateLeft,
      long eventsNeverOutput,
      long duplicateOutputs,
      List<Double> runs,
      String statistic,
      StackResult.ShardPace shardPace) {

    /** Whether the contender left nothing undone. */
    public boolean leftNothing() {
      return stateLeft == 0 && eventsNeverOutput == 0 && duplicateOutputs == 0;
    }
  }

  public record Ratios(
      double throughputVsBaseline,
      double throughputVsCareful,
      double unitsBaselineOverWeir,
      double unitsCarefulOverWeir) {}

  /** Weir's engine against the DirectRunner; the top level is {@code hot}. */
  public record VersusDirectRunner(
      double weirEventsPerSec,
      double directRunnerEventsPerSec,
      double ratio,
      Map<String, DirectRunnerRuns> byWorkload) {}

  /**
   * One workload: Weir's engine on {@code events} events, the DirectRunner with its checks on
   * (default) and off on the first {@code directRunnerEvents} of them; each the median ({@code
   * statistic}) of its timed runs, listed.
   */
  public record DirectRunnerRuns(
      double weir,
      double directRunner,
      double ratio,
      double directRunnerNoChecks,
      double ratioNoChecks,
      int events,
      int directRunnerEvents,
      List<Double> weirRuns,
      List<Double> directRunnerRuns,
      List<Double> directRunnerNoChecksRuns,
      String statistic) {}

  /** Weir's engine against Flink's MiniCluster; the top level is {@code hot}. */
  public record VersusFlink(
      double weirEventsPerSec,
      double flinkEventsPerSec,
      double ratio,
      Map<String, FlinkRuns> byWorkload) {}

  /** One workload: Weir's engine and Flink on the same events, medians of their timed runs. */
  public record FlinkRuns(
      double weir,
      double flink,
      double ratio,
      int events,
      List<Double> weirRuns,
      List<Double> flinkRuns,
      String statistic) {}

  /**
   * Medians from JVM start to the first committed bundle: plain ({@code weir}, {@code baseline}:
   * the naive handler, {@code careful}) and primed, each with an AppCDS archive of its own training
   * run ({@code weirPrimed}, {@code carefulPrimed}).
   */
  public record ColdStartMillis(
      long weir, long weirPrimed, long baseline, long careful, long carefulPrimed) {}

  /** With the sweeper ticking every second; {@code minuteSweeps}: the template's default. */
  public record TimerLagMillis(
      double eventTimeP50,
      double eventTimeP99,
      double processingTimeP50,
      double processingTimeP99,
      long sweepIntervalMillis,
      Map<String, Double> minuteSweeps) {}

  public record Cost(double weir, double baseline, double careful, String prices) {}
}
