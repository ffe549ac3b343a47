package dev.weir.bench.report;

import java.util.List;
import java.util.Map;

/**
 * Everything one {@code ./weir bench} run measured, as the JSON line it prints last. Top-level
 * engine and cost figures are the {@code hot} workload's; {@code byWorkload} has both.
 */
public record BenchReport(
    boolean quick,
    List<WorkloadReport> workloads,
    VersusDirectRunner engineVsDirectRunner,
    VersusFlink engineVsFlink,
    ColdStartMillis coldStartMillis,
    TimerLagMillis timerLagMillis,
    double schedulerCallsPerTimer,
    Cost costPerMillionEventsUsd,
    Map<String, Boolean> targets,
    double wallSeconds) {

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

  public record Contender(
      double eventsPerSec,
      double requestsPerEvent,
      double unitsPerEvent,
      double readUnitsPerEvent,
      double writeUnitsPerEvent,
      double costPerMillionEventsUsd,
      double wallSeconds) {}

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
      Map<String, Map<String, Double>> byWorkload) {}

  /** Weir's engine against Flink's MiniCluster; the top level is {@code hot}. */
  public record VersusFlink(
      double weirEventsPerSec,
      double flinkEventsPerSec,
      double ratio,
      Map<String, Map<String, Double>> byWorkload) {}

  public record ColdStartMillis(long weir, long weirPrimed, long baseline) {}

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
