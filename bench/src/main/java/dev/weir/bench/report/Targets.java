package dev.weir.bench.report;

import dev.weir.bench.stack.StackResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The performance targets, judged on a report: each is met or not. Ratios compare contenders
 * measured in the same run. The full-shard targets are meant for the AWS latency profile (a shard
 * takes 1,000 records a second): under it they are judged on the pace one shard's processor kept as
 * measured and, apart, as modelled from the same requests at AWS's pace (where the emulators' own
 * CPU, not AWS's latency, set the measured pace); under the default profile the measured one is the
 * emulators' pace and the modelled one is never met (nothing was modelled).
 */
public final class Targets {
  /** Records a second one Kinesis shard takes in. */
  static final double FULL_SHARD = 1_000;

  private Targets() {}

  public static BenchReport judge(BenchReport report) {
    Map<String, Boolean> met = new LinkedHashMap<>();
    for (BenchReport.WorkloadReport workload : report.workloads()) {
      BenchReport.Contender weir = workload.weir();
      double units = weir.unitsPerEvent();
      StackResult.ShardPace pace = weir.shardPace();
      switch (workload.name()) {
        case "hot" -> {
          met.put("hotFullShardMeasured", pace.measured() >= FULL_SHARD);
          met.put("hotFullShardModelled", pace.modelled() >= FULL_SHARD);
          met.put("hotAtMost0.25UnitsPerEvent", units <= 0.25);
        }
        case "medium" -> {
          met.put("mediumFullShardMeasured", pace.measured() >= FULL_SHARD);
          met.put("mediumFullShardModelled", pace.modelled() >= FULL_SHARD);
          met.put(
              "mediumUnitsAtMost1.5xCareful", units <= 1.5 * workload.careful().unitsPerEvent());
        }
        case "wide" -> {
          // Two lanes of a shard (ParallelizationFactor 2) each keep one lane's pace.
          met.put("wideFullShardAtTwoLanesMeasured", 2 * pace.measured() >= FULL_SHARD);
          met.put("wideFullShardAtTwoLanesModelled", 2 * pace.modelled() >= FULL_SHARD);
          met.put("wideAtMost3UnitsPerEvent", units <= 3.0);
        }
        default -> throw new IllegalArgumentException("no targets for " + workload.name());
      }
    }
    Map<String, BenchReport.FlinkRuns> flink = report.engineVsFlink().byWorkload();
    met.put("engineAtLeastFlinkOnHot", flink.get("hot").ratio() >= 1);
    met.put(
        "engineAtLeastHalfFlinkOnMediumAndWide",
        flink.get("medium").ratio() >= 0.5 && flink.get("wide").ratio() >= 0.5);
    BenchReport.ColdStartMillis cold = report.coldStartMillis();
    met.put(
        "primedColdStartAtMostCarefulPrimedPlus150Millis",
        cold.weirPrimed() <= cold.carefulPrimed() + 150);
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
