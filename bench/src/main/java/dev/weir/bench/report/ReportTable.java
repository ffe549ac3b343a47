package dev.weir.bench.report;

import java.io.PrintStream;
import java.util.Locale;

/** The report as tables a person reads (stderr); the JSON line carries the same numbers. */
public final class ReportTable {
  private ReportTable() {}

  public static void print(BenchReport report, PrintStream out) {
    out.println();
    out.println(
        "== Local stack (DynamoDB Local billed as AWS bills, kinesalite, KCL mapping, 100-record"
            + " batches) ==");
    out.printf(
        "%-6s %-8s %12s %10s %10s %10s %10s %9s%n",
        "load", "who", "events/s", "req/event", "RCU/event", "WCU/event", "units/ev", "$/M ev");
    for (BenchReport.WorkloadReport w : report.workloads()) {
      row(out, w.name(), "weir", w.weir());
      row(out, w.name(), "naive", w.baseline());
      row(out, w.name(), "careful", w.careful());
      out.printf(
          Locale.ROOT,
          "      %s (%,d keys, %,d events of ~%.0f B): Weir %.1fx naive and %.2fx careful"
              + " throughput; naive spends %.1fx and careful %.1fx Weir's units%n",
          w.name(),
          w.keys(),
          w.events(),
          w.meanRecordBytes(),
          w.ratios().throughputVsBaseline(),
          w.ratios().throughputVsCareful(),
          w.ratios().unitsBaselineOverWeir(),
          w.ratios().unitsCarefulOverWeir());
    }
    BenchReport.SessionsReport sessions = report.sessions();
    row(out, sessions.name(), "weir", sessions.weir());
    out.printf(
        Locale.ROOT,
        "      %s (%,d users, %,d events, %d s gap): the session example's DoFn, Weir alone%n",
        sessions.name(),
        sessions.keys(),
        sessions.events(),
        sessions.gapSeconds());
    out.println();
    out.println(
        "== Engines (blog DoFn, one thread; warm-up, then the median of timed runs, order rotated) ==");
    for (String name : report.engineVsFlink().byWorkload().keySet()) {
      BenchReport.DirectRunnerRuns d = report.engineVsDirectRunner().byWorkload().get(name);
      BenchReport.FlinkRuns f = report.engineVsFlink().byWorkload().get(name);
      out.printf(
          Locale.ROOT,
          "%-6s Weir %,10.0f ev/s   Flink %,10.0f (Weir %.2fx)   on %,d events, %d runs%n",
          name,
          f.weir(),
          f.flink(),
          f.ratio(),
          f.events(),
          f.weirRuns().size());
      out.printf(
          Locale.ROOT,
          "       DirectRunner %,9.0f (Weir %.1fx), without its checks %,9.0f (Weir %.1fx)"
              + "   on %,d events%n",
          d.directRunner(),
          d.ratio(),
          d.directRunnerNoChecks(),
          d.ratioNoChecks(),
          d.directRunnerEvents());
    }
    out.println();
    BenchReport.ColdStartMillis cold = report.coldStartMillis();
    out.printf(
        Locale.ROOT,
        "== Cold start to first committed bundle: Weir %d ms, careful %d ms, naive %d ms;"
            + " primed: Weir %d ms, careful %d ms%n",
        cold.weir(),
        cold.careful(),
        cold.baseline(),
        cold.weirPrimed(),
        cold.carefulPrimed());
    BenchReport.TimerLagMillis lag = report.timerLagMillis();
    out.printf(
        Locale.ROOT,
        "== Timer lag (ms), sweeper every %d ms: event time p50 %.0f p99 %.0f, processing time"
            + " p50 %.0f p99 %.0f%n   template default (60 s sweeps + Scheduler minutes): %s%n",
        lag.sweepIntervalMillis(),
        lag.eventTimeP50(),
        lag.eventTimeP99(),
        lag.processingTimeP50(),
        lag.processingTimeP99(),
        lag.minuteSweeps());
    out.printf(
        Locale.ROOT,
        "== Scheduler calls per processing-time timer: %.5f%n",
        report.schedulerCallsPerTimer());
    BenchReport.Cost cost = report.costPerMillionEventsUsd();
    out.printf(
        Locale.ROOT,
        "== $ per million events (hot): Weir %.3f, naive %.3f, careful %.3f%n   %s%n",
        cost.weir(),
        cost.baseline(),
        cost.careful(),
        cost.prices());
    out.println("== Targets:");
    report
        .targets()
        .forEach((target, met) -> out.printf("   %-36s %s%n", target, met ? "met" : "NOT met"));
    out.printf(Locale.ROOT, "(bench took %.0f s)%n", report.wallSeconds());
  }

  private static void row(PrintStream out, String load, String who, BenchReport.Contender c) {
    out.printf(
        Locale.ROOT,
        "%-6s %-8s %,12.0f %10.3f %10.3f %10.3f %10.3f %9.3f%n",
        load,
        who,
        c.eventsPerSec(),
        c.requestsPerEvent(),
        c.readUnitsPerEvent(),
        c.writeUnitsPerEvent(),
        c.unitsPerEvent(),
        c.costPerMillionEventsUsd());
    if (!c.leftNothing()) {
      out.printf("       %s left undone: %s%n", who, CostTable.leftUndone(c));
    }
  }
}
