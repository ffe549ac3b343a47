package dev.weir.bench.report;

import dev.weir.local.latency.AwsLatencyModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The report as one self-contained HTML page with inline SVG charts, to read, keep or attach
 * without the numbers' JSON: no script, stylesheet, font or image is loaded from anywhere, so the
 * file shows the same offline, in a mail attachment or years later.
 */
public final class HtmlReport {
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter PAGE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final String WEIR = "#2b6cb0";
  private static final List<SvgBarChart.Series> STACK =
      List.of(
          new SvgBarChart.Series("Weir", WEIR),
          new SvgBarChart.Series("naive", "#c05621"),
          new SvgBarChart.Series("careful", "#2f855a"));
  private static final String STYLE =
      """
      body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
        max-width: 820px; margin: 2em auto; padding: 0 1em; }
      h1 { margin-bottom: 0.2em; }
      h2 { font-size: 1.15em; margin: 1.8em 0 0.4em; border-bottom: 1px solid #ddd; }
      .meta, .note { color: #555; }
      .note { font-size: 0.9em; margin-top: 0.2em; }
      svg { max-width: 100%; height: auto; display: block; }
      svg .grid { stroke: #e2e2e2; }
      svg .tick, svg .unit, svg .missing { fill: #666; }
      svg .missing { font-style: italic; }
      svg .group { font-weight: 600; }
      table { border-collapse: collapse; }
      th, td { text-align: left; padding: 0.25em 1em 0.25em 0; border-bottom: 1px solid #eee; }
      td.met { color: #2f855a; font-weight: 600; }
      td.missed { color: #b00020; font-weight: 600; }
      """;

  private HtmlReport() {}

  /** Writes {@code weir-bench-<yyyyMMdd-HHmmss>.html} (UTC) into {@code dir}, made if missing. */
  public static Path write(BenchReport report, Path dir, Instant now) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("weir-bench-" + FILE_TIME.format(now) + ".html");
    Files.writeString(file, render(report, now), StandardCharsets.UTF_8);
    return file;
  }

  /** The whole page. */
  public static String render(BenchReport report, Instant generatedAt) {
    String kind =
        (report.quick() ? "Quick run (--quick)" : "Full run")
            + (AwsLatencyModel.PROFILE.equals(report.profile())
                ? ", every AWS call of the local stack paced as in region (--aws-latency)"
                : "");
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Weir bench, ")
        .append(escape(PAGE_TIME.format(generatedAt)))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<h1>Weir bench</h1>\n")
        .append(
            paragraph(
                "meta",
                kind
                    + ", "
                    + PAGE_TIME.format(generatedAt)
                    + "; the bench took "
                    + duration(report.wallSeconds())
                    + "."));
    List<BenchReport.WorkloadReport> workloads = report.workloads();
    List<String> workloadNotes = new ArrayList<>();
    for (BenchReport.WorkloadReport w : workloads) {
      workloadNotes.add(
          String.format(
              Locale.ROOT,
              "%s (%,d keys, %,d events of ~%.0f B)",
              w.name(),
              w.keys(),
              w.events(),
              w.meanRecordBytes()));
    }
    int runs = workloads.isEmpty() ? 0 : workloads.get(0).weir().runs().size();
    section(
        html,
        "Throughput on the local stack",
        stackChart(
            "events/s",
            "Events per second of handler time",
            workloads,
            BenchReport.Contender::eventsPerSec),
        "Events per second of handler time, every function of the contender counted (Weir's"
            + " watermark and timer functions too), the median of "
            + runs
            + (runs == 1 ? " run" : " runs")
            + "; workloads: "
            + String.join(", ", workloadNotes)
            + ".");
    section(
        html,
        "DynamoDB capacity units per event",
        unitsChart(workloads),
        "Read plus write capacity units per event (table and index units), as AWS would bill the"
            + " requests made on DynamoDB Local; each bar split into read (solid) and write (light)"
            + " in proportion to their medians.");
    section(
        html,
        "Cost per million events",
        stackChart(
            "$ per million events",
            "Cost in dollars per million events",
            workloads,
            BenchReport.Contender::costPerMillionEventsUsd),
        "Dollars per million events from the measured capacity units, handler time, invocations"
            + " and Kinesis records of every function at list prices: "
            + report.costPerMillionEventsUsd().prices()
            + ".");
    CostTable.append(html, workloads);
    BenchReport.SessionsReport sessions = report.sessions();
    html.append("<h2>Session windows</h2>\n")
        .append(
            paragraph(
                "note",
                String.format(
                    Locale.ROOT,
                    "The session example's DoFn (%,d users, %,d events, %d s gap; Weir alone, no"
                        + " hand-rolled handler keeps sessions): %,.0f events/s, %.3f requests,"
                        + " %.3f capacity units (%.3f read, %.3f write) and $%.3f per million"
                        + " events.",
                    sessions.keys(),
                    sessions.events(),
                    sessions.gapSeconds(),
                    sessions.weir().eventsPerSec(),
                    sessions.weir().requestsPerEvent(),
                    sessions.weir().unitsPerEvent(),
                    sessions.weir().readUnitsPerEvent(),
                    sessions.weir().writeUnitsPerEvent(),
                    sessions.weir().costPerMillionEventsUsd())));
    EngineSections.engines(html, report);
    EngineSections.coldStart(html, report.coldStartMillis());
    EngineSections.timers(html, report.timerLagMillis(), report.schedulerCallsPerTimer());
    targets(html, report.targets());
    return html.append("</body>\n</html>\n").toString();
  }

  private static String stackChart(
      String unit,
      String title,
      List<BenchReport.WorkloadReport> workloads,
      ToDoubleFunction<BenchReport.Contender> measure) {
    SvgBarChart chart = new SvgBarChart(title, unit, STACK, List.of());
    for (BenchReport.WorkloadReport w : workloads) {
      chart.group(
          w.name(),
          measure.applyAsDouble(w.weir()),
          measure.applyAsDouble(w.baseline()),
          measure.applyAsDouble(w.careful()));
    }
    return chart.render();
  }

  private static String unitsChart(List<BenchReport.WorkloadReport> workloads) {
    SvgBarChart chart =
        new SvgBarChart(
            "DynamoDB capacity units per event",
            "capacity units per event",
            STACK,
            List.of("read", "write"));
    for (BenchReport.WorkloadReport w : workloads) {
      List<BenchReport.Contender> contenders = List.of(w.weir(), w.baseline(), w.careful());
      double[] values = new double[3];
      double[][] shares = new double[3][];
      for (int i = 0; i < 3; i++) {
        BenchReport.Contender c = contenders.get(i);
        values[i] = c.unitsPerEvent();
        double sum = c.readUnitsPerEvent() + c.writeUnitsPerEvent();
        double read = sum > 0 ? c.readUnitsPerEvent() / sum : 1;
        shares[i] = new double[] {read, 1 - read};
      }
      chart.group(w.name(), values, shares);
    }
    return chart.render();
  }

  private static void targets(StringBuilder html, Map<String, Boolean> targets) {
    long met = targets.values().stream().filter(Boolean::booleanValue).count();
    html.append("<h2>Targets</h2>\n")
        .append(paragraph("note", met + " of " + targets.size() + " targets met."))
        .append("<table>\n<tr><th>target</th><th>result</th></tr>\n");
    targets.forEach(
        (name, ok) ->
            html.append("<tr><td>")
                .append(escape(name))
                .append(ok ? "</td><td class=\"met\">met" : "</td><td class=\"missed\">missed")
                .append("</td></tr>\n"));
    html.append("</table>\n");
  }

  /** A chart's heading, its SVG and the one sentence saying what it measures. */
  static void section(StringBuilder html, String heading, String svg, String note) {
    html.append("<h2>")
        .append(escape(heading))
        .append("</h2>\n<figure>\n")
        .append(svg)
        .append('\n')
        .append(paragraph("note", note))
        .append("</figure>\n");
  }

  /** Workload names in the stack's order first, then any only the engine maps have. */
  static List<String> workloadNames(BenchReport report, Set<String> more) {
    Set<String> names = new LinkedHashSet<>();
    report.workloads().forEach(w -> names.add(w.name()));
    names.addAll(more);
    return List.copyOf(names);
  }

  /** Seconds, with minutes once there are a few. */
  private static String duration(double seconds) {
    String plain = SvgBarChart.format(Math.round(seconds)) + " s";
    return seconds < 120 ? plain : plain + String.format(Locale.ROOT, " (%.0f min)", seconds / 60);
  }

  private static String paragraph(String cssClass, String text) {
    return "<p class=\"" + cssClass + "\">" + escape(text) + "</p>\n";
  }

  /** Text made safe inside HTML and SVG elements and quoted attributes. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
