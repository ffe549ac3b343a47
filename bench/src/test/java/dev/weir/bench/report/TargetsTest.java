package dev.weir.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.bench.stack.StackResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {
  @Test
  void fullShardTargetsAreJudgedOnTheShardsPaceMeasuredAndModelledApart() {
    BenchReport judged =
        Targets.judge(
            report(
                weir(0.2, new StackResult.ShardPace(600, 1_400)),
                weir(1.4, new StackResult.ShardPace(1_000, 900)),
                weir(3.1, new StackResult.ShardPace(450, 520)),
                1.2,
                0.49));

    assertThat(judged.targets())
        .containsEntry("hotFullShardMeasured", false)
        .containsEntry("hotFullShardModelled", true)
        .containsEntry("hotAtMost0.25UnitsPerEvent", true)
        .containsEntry("mediumFullShardMeasured", true)
        .containsEntry("mediumFullShardModelled", false)
        .containsEntry("mediumUnitsAtMost1.5xCareful", true) // careful: 1.0
        .containsEntry("wideFullShardAtTwoLanesMeasured", false) // 2 x 450
        .containsEntry("wideFullShardAtTwoLanesModelled", true) // 2 x 520
        .containsEntry("wideAtMost3UnitsPerEvent", false)
        .containsEntry("engineAtLeastFlinkOnHot", true)
        .containsEntry("engineAtLeastHalfFlinkOnMediumAndWide", false) // wide at 0.49
        .containsEntry("primedColdStartAtMostCarefulPrimedPlus150Millis", true) // 540 vs 400
        .containsEntry("schedulerCallsPerTimerAtMost0.01", true);
  }

  @Test
  void unitsOnMediumAreJudgedAgainstTheCarefulHandlersOfTheSameRun() {
    BenchReport judged =
        Targets.judge(
            report(
                weir(0.3, new StackResult.ShardPace(0, 0)),
                weir(1.6, new StackResult.ShardPace(0, 0)),
                weir(2.0, new StackResult.ShardPace(0, 0)),
                0.9,
                0.6));

    assertThat(judged.targets())
        .containsEntry("hotAtMost0.25UnitsPerEvent", false)
        .containsEntry("mediumUnitsAtMost1.5xCareful", false)
        .containsEntry("wideAtMost3UnitsPerEvent", true)
        .containsEntry("hotFullShardModelled", false)
        .containsEntry("engineAtLeastFlinkOnHot", false)
        .containsEntry("engineAtLeastHalfFlinkOnMediumAndWide", true);
  }

  private static BenchReport.Contender weir(double units, StackResult.ShardPace pace) {
    BenchReport.Contender c = HtmlReportTest.contender(pace.measured(), units, 0.1);
    return new BenchReport.Contender(
        c.eventsPerSec(),
        c.requestsPerEvent(),
        c.unitsPerEvent(),
        c.readUnitsPerEvent(),
        c.writeUnitsPerEvent(),
        c.costPerMillionEventsUsd(),
        c.wallSeconds(),
        c.handlerSeconds(),
        c.invocations(),
        c.otherFunctionSeconds(),
        c.otherFunctionInvocations(),
        c.tickRecords(),
        c.outputRecords(),
        c.costBreakdownUsd(),
        0,
        0,
        0,
        c.runs(),
        c.statistic(),
        pace);
  }

  private static BenchReport report(
      BenchReport.Contender hot,
      BenchReport.Contender medium,
      BenchReport.Contender wide,
      double flinkRatioOnHot,
      double flinkRatioOnWide) {
    BenchReport.Contender careful = HtmlReportTest.contender(2_000, 1.0, 0.1);
    BenchReport.Contender naive = HtmlReportTest.contender(500, 2.0, 0.5);
    return new BenchReport(
        false,
        "awsLatency",
        List.of(
            HtmlReportTest.workload("hot", hot, naive, careful),
            HtmlReportTest.workload("medium", medium, naive, careful),
            HtmlReportTest.workload("wide", wide, naive, careful)),
        new BenchReport.SessionsReport("sessions", 100, 3_000, 15, hot),
        new BenchReport.VersusDirectRunner(1, 1, 1, Map.of()),
        new BenchReport.VersusFlink(
            1,
            1,
            flinkRatioOnHot,
            Map.of(
                "hot", flink(flinkRatioOnHot),
                "medium", flink(0.7),
                "wide", flink(flinkRatioOnWide))),
        new BenchReport.ColdStartMillis(1_700, 540, 1_400, 750, 400),
        new BenchReport.TimerLagMillis(600, 900, 476, 988, 1_000, Map.of()),
        0.0006,
        new BenchReport.Cost(0.2, 1.0, 0.1, "list prices"),
        Map.of(),
        100);
  }

  private static BenchReport.FlinkRuns flink(double ratio) {
    return new BenchReport.FlinkRuns(ratio, 1, ratio, 1_000, List.of(), List.of(), "median");
  }
}
