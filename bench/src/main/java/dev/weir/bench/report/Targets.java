package dev.weir.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The performance targets (issue 14's, which replaced issue 6's), judged on a report: each is met
 * or not. Ratios compare contenders measured in the same run.
 */
public final class Targets {
  private Targets() {}

  public static BenchReport judge(BenchReport report) {
    Map<String, Boolean> met = new LinkedHashMap<>();
    for (BenchReport.WorkloadReport workload : report.workloads()) {
      BenchReport.Ratios ratios = workload.ratios();
      double units = workload.weir().unitsPerEvent();
      switch (workload.name()) {
        case "hot" -> {
          met.put("hotThroughputAtLeastCareful", ratios.throughputVsCareful() >= 1);
          met.put("hotAtMost0.25UnitsPerEvent", units <= 0.25);
        }
        case "medium" -> {
          met.put("mediumThroughputAtLeastCareful", ratios.throughputVsCareful() >= 1);
          met.put(
              "mediumUnitsAtMost1.5xCareful", units <= 1.5 * workload.careful().unitsPerEvent());
        }
        case "wide" -> {
          met.put("wideThroughputAtLeastNaive", ratios.throughputVsBaseline() >= 1);
          met.put("wideAtMost2.5UnitsPerEvent", units <= 2.5);
        }
        default -> throw new IllegalArgumentException("no targets for " + workload.name());
      }
    }
    met.put(
        "engineAtLeast10xDirectRunner",
        report.engineVsDirectRunner().byWorkload().values().stream()
            .allMatch(w -> w.ratio() >= 10));
    met.put(
        "engineAtLeastFlinkOnEveryWorkload",
        report.engineVsFlink().byWorkload().values().stream().allMatch(w -> w.ratio() >= 1));
    BenchReport.ColdStartMillis cold = report.coldStartMillis();
    met.put("primedColdStartAtMostCarefulPrimed", cold.weirPrimed() <= cold.carefulPrimed());
    met.put("primedColdStartAtMost1200Millis", cold.weirPrimed() <= 1_200);
    met.put("schedulerCallsPerTimerAtMost0.01", report.schedulerCallsPerTimer() <= 0.01);
    return new BenchReport(
        report.quick(),
        report.profile(),
        report.workloads(),
        report.sessions(),
        report.engineVsDirectRunner(),
        report.engineVsFlink(),
        report.coldStartMillis(),
        report.timerLagMillis(),
        report.schedulerCallsPerTimer(),
        report.costPerMillionEventsUsd(),
        met,
        report.wallSeconds());
  }
}
