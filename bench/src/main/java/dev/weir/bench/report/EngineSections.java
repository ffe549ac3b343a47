package dev.weir.bench.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTML report's sections away from the local stack: the engine alone against Flink and the
 * DirectRunner, cold start and timer lag; apart from {@link HtmlReport} to keep each file short.
 */
final class EngineSections {
  private static final String WEIR = "#2b6cb0";

  private EngineSections() {}

  static void engines(StringBuilder html, BenchReport report) {
    Map<String, BenchReport.FlinkRuns> flink = report.engineVsFlink().byWorkload();
    Map<String, BenchReport.DirectRunnerRuns> direct = report.engineVsDirectRunner().byWorkload();
    Set<String> engineNames = new LinkedHashSet<>(flink.keySet());
    engineNames.addAll(direct.keySet());
    SvgBarChart chart =
        new SvgBarChart(
            "Engine events per second",
            "events/s",
            List.of(
                new SvgBarChart.Series("Weir", WEIR),
                new SvgBarChart.Series("Flink", "#6b46c1"),
                new SvgBarChart.Series("DirectRunner", "#4a5568"),
                new SvgBarChart.Series("DirectRunner, no checks", "#a0aec0")),
            List.of());
    int events = 0;
    int directEvents = 0;
    for (String name : HtmlReport.workloadNames(report, engineNames)) {
      BenchReport.FlinkRuns f = flink.get(name);
      BenchReport.DirectRunnerRuns d = direct.get(name);
      if (f == null && d == null) {
        continue;
      }
      events = Math.max(events, f != null ? f.events() : d.events());
      directEvents = Math.max(directEvents, d != null ? d.directRunnerEvents() : 0);
      chart.group(
          name,
          f != null ? f.weir() : d.weir(),
          f != null ? f.flink() : Double.NaN,
          d != null ? d.directRunner() : Double.NaN,
          d != null ? d.directRunnerNoChecks() : Double.NaN);
    }
    HtmlReport.section(
        html,
        "Engine alone: Weir, Flink and the DirectRunner",
        chart.render(),
        String.format(
            Locale.ROOT,
            "Events per second of the blog DoFn on one thread, the median of timed runs after a"
                + " warm-up: Weir's engine and Flink's MiniCluster on %,d events, Beam's"
                + " DirectRunner with its checks on (default) and off on the first %,d.",
            events,
            directEvents));
  }

  static void coldStart(StringBuilder html, BenchReport.ColdStartMillis cold) {
    SvgBarChart chart =
        new SvgBarChart(
            "Cold start in milliseconds",
            "ms",
            List.of(
                new SvgBarChart.Series("Weir", WEIR),
                new SvgBarChart.Series("careful", "#2f855a"),
                new SvgBarChart.Series("naive", "#c05621")),
            List.of());
    chart.group("plain", cold.weir(), cold.careful(), cold.baseline());
    chart.group("primed", cold.weirPrimed(), cold.carefulPrimed(), Double.NaN);
    HtmlReport.section(
        html,
        "Cold start",
        chart.render(),
        "Medians from JVM start to the first committed bundle, plain and primed (each with an"
            + " AppCDS archive of its own training run; the naive handler is not primed).");
  }

  static void timers(StringBuilder html, BenchReport.TimerLagMillis lag, double schedulerCalls) {
    List<SvgBarChart.Series> percentiles =
        List.of(new SvgBarChart.Series("p50", WEIR), new SvgBarChart.Series("p99", "#90cdf4"));
    SvgBarChart ticking =
        new SvgBarChart("Timer lag in milliseconds", "ms", percentiles, List.of());
    ticking.group("event time", lag.eventTimeP50(), lag.eventTimeP99());
    ticking.group("processing time", lag.processingTimeP50(), lag.processingTimeP99());
    HtmlReport.section(
        html,
        "Timer lag, sweeper every " + interval(lag.sweepIntervalMillis()),
        ticking.render(),
        "How late timers fire: event-time timers after the committed input moved the watermark"
            + " past them, processing-time timers after they were due (on a virtual clock);"
            + " Scheduler calls per processing-time timer: "
            + SvgBarChart.format(schedulerCalls)
            + ".");
    Map<String, Double> minute = lag.minuteSweeps();
    if (minute == null || minute.isEmpty()) {
      return;
    }
    SvgBarChart sweeps =
        new SvgBarChart(
            "Timer lag in milliseconds, template default", "ms", percentiles, List.of());
    sweeps.group(
        "event time",
        minute.getOrDefault("eventTimeP50", Double.NaN),
        minute.getOrDefault("eventTimeP99", Double.NaN));
    sweeps.group(
        "processing time",
        minute.getOrDefault("processingTimeP50", Double.NaN),
        minute.getOrDefault("processingTimeP99", Double.NaN));
    HtmlReport.section(
        html,
        "Timer lag, template default",
        sweeps.render(),
        "The same lags with the template's default: sweeps every 60 s and Scheduler wake-ups at"
            + " minute precision.");
  }

  private static String interval(long millis) {
    return millis % 1_000 == 0
        ? SvgBarChart.format(millis / 1_000) + " s"
        : SvgBarChart.format(millis) + " ms";
  }
}
