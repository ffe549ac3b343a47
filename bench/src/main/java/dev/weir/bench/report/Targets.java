package dev.weir.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** The performance targets of issue 6, judged on a report: each is met or not. */
public final class Targets {
  private Targets() {}

  public static BenchReport judge(BenchReport report) {
    Map<String, Boolean> met = new LinkedHashMap<>();
    for (BenchReport.WorkloadReport workload : report.workloads()) {
      BenchReport.Ratios ratios = workload.ratios();
      if (workload.name().equals("hot")) {
        met.put("hotThroughputAtLeast10xNaive", ratios.throughputVsBaseline() >= 10);
        met.put("hotThroughputAtLeastCareful", ratios.throughputVsCareful() >= 1);
        met.put("hotAtMost0.3UnitsPerEvent", workload.weir().unitsPerEvent() <= 0.3);
      } else if (workload.name().equals("wide")) {
        met.put("wideThroughputAtLeast2xNaive", ratios.throughputVsBaseline() >= 2);
        met.put(
            "wideUnitsAtMostEitherBaseline",
            ratios.unitsBaselineOverWeir() >= 1 && ratios.unitsCarefulOverWeir() >= 1);
      }
    }
    met.put(
        "engineAtLeast10xDirectRunner",
        report.engineVsDirectRunner().byWorkload().values().stream()
            .allMatch(w -> w.ratio() >= 10));
    met.put(
        "engineAtLeastFlink",
        report.engineVsFlink().byWorkload().values().stream().allMatch(w -> w.ratio() >= 1));
    met.put("primedColdStartUnder1500Millis", report.coldStartMillis().weirPrimed() < 1_500);
    met.put("schedulerCallsPerTimerAtMost0.01", report.schedulerCallsPerTimer() <= 0.01);
    return new BenchReport(
        report.quick(),
        report.workloads(),
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
