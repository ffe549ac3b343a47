package dev.weir.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weir.bench.stack.StackResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report draws every measure as a labelled bar of its size, offline and escaped. */
class HtmlReportTest {
  private static final Instant AT = Instant.parse("2026-12-02T10:11:12Z");
  private static final Pattern BAR =
      Pattern.compile(
          "<g class=\"bar\"><title>([^<]*?), ([^<]*?): [^<]*</title>"
              + "<rect x=\"[\\d.]+\" y=\"\\d+\" width=\"([\\d.]+)\"[^>]*/>(?:<rect[^>]*/>)*"
              + "<text class=\"value\"[^>]*>([^<]*)</text></g>");

  @Test
  void saysWhatTheSessionWorkloadCosts() {
    String html = HtmlReport.render(sample(), AT);

    assertThat(html)
        .contains("<h2>Session windows</h2>")
        .contains("100 users, 3,000 events, 15 s gap")
        .contains("500 events/s");
  }

  @Test
  void saysWhereEachContendersCostGoesAndWhatItLeftUndone() {
    BenchReport report = sample();
    BenchReport.WorkloadReport hot = report.workloads().get(0);
    BenchReport.Contender careful = hot.careful();
    BenchReport.Contender leftWork =
        new BenchReport.Contender(
            careful.eventsPerSec(),
            careful.requestsPerEvent(),
            careful.unitsPerEvent(),
            careful.readUnitsPerEvent(),
            careful.writeUnitsPerEvent(),
            careful.costPerMillionEventsUsd(),
            careful.wallSeconds(),
            careful.handlerSeconds(),
            careful.invocations(),
            careful.otherFunctionSeconds(),
            careful.otherFunctionInvocations(),
            careful.tickRecords(),
            careful.outputRecords(),
            careful.costBreakdownUsd(),
            42,
            1_234,
            0,
            careful.runs(),
            careful.statistic(),
            careful.shardPace());
    List<BenchReport.WorkloadReport> workloads = new ArrayList<>(report.workloads());
    workloads.set(
        0,
        new BenchReport.WorkloadReport(
            hot.name(),
            hot.keys(),
            hot.events(),
            hot.meanRecordBytes(),
            hot.weir(),
            hot.baseline(),
            leftWork,
            hot.ratios()));

    String html =
        HtmlReport.render(
            new BenchReport(
                report.quick(),
                report.profile(),
                workloads,
                report.sessions(),
                report.engineVsDirectRunner(),
                report.engineVsFlink(),
                report.coldStartMillis(),
                report.timerLagMillis(),
                report.schedulerCallsPerTimer(),
                report.costPerMillionEventsUsd(),
                report.targets(),
                report.wallSeconds()),
            AT);

    assertThat(html)
        .contains("<h2>Where the cost goes, and work left undone</h2>")
        .contains(
            "<tr><td>hot</td><td>careful</td><td>0.068</td><td>0.034</td><td>0.017</td>"
                + "<td>0.000</td><td>0.000</td><td>0.017</td><td>0.000</td><td class=\"missed\">42"
                + " items of state left, 1,234 events never output, 0 duplicate outputs</td></tr>")
        .contains("<td>hot</td><td>Weir</td><td>0.203</td>")
        .contains("<td class=\"met\">nothing</td>");
  }

  @Test
  void drawsOneChartPerMeasureWithALabelledBarPerContenderAndWorkload() {
    String html = HtmlReport.render(sample(), AT);

    assertThat(count(html, "<svg ")).isEqualTo(7);
    List<Bar> throughput = bars(chart(html, 0));
    assertThat(throughput)
        .containsExactly(
            new Bar("hot", "Weir", "934"),
            new Bar("hot", "naive", "294"),
            new Bar("hot", "careful", "4,692"),
            new Bar("a&lt;b", "Weir", "347"),
            new Bar("a&lt;b", "naive", "459"),
            new Bar("a&lt;b", "careful", "1,874"));
    assertThat(bars(chart(html, 1)).get(0)).isEqualTo(new Bar("hot", "Weir", "0.352"));
    assertThat(bars(chart(html, 2)).get(2)).isEqualTo(new Bar("hot", "careful", "0.068"));
    assertThat(bars(chart(html, 3)))
        .contains(
            new Bar("hot", "Weir", "261,497"),
            new Bar("hot", "Flink", "293,509"),
            new Bar("hot", "DirectRunner", "16,588"),
            new Bar("hot", "DirectRunner, no checks", "41,322"));
    assertThat(bars(chart(html, 4)))
        .contains(new Bar("plain", "Weir", "1,710"), new Bar("primed", "careful", "404"));
    assertThat(chart(html, 4)).contains("naive: not measured");
    assertThat(bars(chart(html, 5)))
        .containsExactly(
            new Bar("event time", "p50", "600"),
            new Bar("event time", "p99", "900"),
            new Bar("processing time", "p50", "476"),
            new Bar("processing time", "p99", "988"));
    assertThat(bars(chart(html, 6))).contains(new Bar("event time", "p50", "33,000"));
  }

  @Test
  void barsAreAsLongAsTheirValuesOnOneLinearScale() {
    Map<String, Double> widths = new LinkedHashMap<>();
    Matcher bar = BAR.matcher(chart(HtmlReport.render(sample(), AT), 0));
    while (bar.find()) {
      widths.put(bar.group(1) + "/" + bar.group(2), Double.parseDouble(bar.group(3)));
    }

    assertThat(widths.get("hot/careful")).isGreaterThan(widths.get("hot/Weir"));
    assertThat(widths.get("hot/careful") / widths.get("hot/Weir"))
        .isCloseTo(4692 / 934.0, within(0.01));
    assertThat(widths.get("hot/Weir") / widths.get("hot/naive"))
        .isCloseTo(934 / 294.0, within(0.02));
  }

  @Test
  void listsEveryTargetAsMetOrMissed() {
    String html = HtmlReport.render(sample(), AT);

    assertThat(html)
        .contains("<tr><td>hotThroughputAtLeastCareful</td><td class=\"missed\">missed</td></tr>")
        .contains("<tr><td>engineAtLeast10xDirectRunner</td><td class=\"met\">met</td></tr>")
        .contains("1 of 2 targets met.");
  }

  @Test
  void loadsNothingFromTheNetworkAndEscapesText() {
    String html = HtmlReport.render(sample(), AT);

    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("http://", "https://", "src=", "href=", "<script", "<link", "@import");
    assertThat(html).contains("a&lt;b").doesNotContain("a<b");
    assertThat(html)
        .contains("Quick run (--quick), 2026-12-02 10:11:12 UTC; the bench took 421 s (7 min).");
  }

  @Test
  void writesTheReportIntoANewDirectoryNamedByItsTime(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("target").resolve("bench");

    Path file = HtmlReport.write(sample(), dir, AT);

    assertThat(file.getParent()).isEqualTo(dir);
    assertThat(file.getFileName().toString())
        .matches("weir-bench-\\d{8}-\\d{6}\\.html")
        .isEqualTo("weir-bench-20261202-101112.html");
    assertThat(Files.readString(file)).isEqualTo(HtmlReport.render(sample(), AT));
  }

  @Test
  void roundsAxisAndLabelsToReadableNumbers() {
    assertThat(SvgBarChart.niceStep(1173)).isEqualTo(2000);
    assertThat(SvgBarChart.niceStep(0.11)).isCloseTo(0.2, within(1e-12));
    assertThat(SvgBarChart.niceStep(2.3)).isEqualTo(2.5);
    assertThat(SvgBarChart.format(261_497)).isEqualTo("261,497");
    assertThat(SvgBarChart.format(4.385)).isEqualTo("4.39");
    assertThat(SvgBarChart.format(0.35)).isEqualTo("0.35");
    assertThat(SvgBarChart.format(0.0006)).isEqualTo("0.0006");
    assertThat(SvgBarChart.format(999.7)).isEqualTo("1,000");
  }

  private record Bar(String group, String series, String label) {}

  private static List<Bar> bars(String svg) {
    List<Bar> bars = new ArrayList<>();
    Matcher bar = BAR.matcher(svg);
    while (bar.find()) {
      bars.add(new Bar(bar.group(1), bar.group(2), bar.group(4)));
    }
    return bars;
  }

  /** The {@code index}th chart's SVG. */
  private static String chart(String html, int index) {
    int start = -1;
    for (int i = 0; i <= index; i++) {
      start = html.indexOf("<svg ", start + 1);
    }
    return html.substring(start, html.indexOf("</svg>", start));
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  private static BenchReport sample() {
    Map<String, Boolean> targets = new LinkedHashMap<>();
    targets.put("hotThroughputAtLeastCareful", false);
    targets.put("engineAtLeast10xDirectRunner", true);
    return new BenchReport(
        true,
        "default",
        List.of(
            workload(
                "hot",
                contender(934, 0.352, 0.203),
                contender(294, 2.373, 1.046),
                contender(4_692, 0.135, 0.068)),
            workload(
                "a<b",
                contender(347, 4.385, 2.328),
                contender(459, 2.016, 0.799),
                contender(1_874, 1.513, 0.662))),
        new BenchReport.SessionsReport("sessions", 100, 3_000, 15, contender(500, 1.2, 3.1)),
        new BenchReport.VersusDirectRunner(
            261_497,
            16_588,
            15.8,
            Map.of(
                "hot",
                new BenchReport.DirectRunnerRuns(
                    261_497, 16_588, 15.8, 41_322, 6.3, 200_000, 30_000, List.of(), List.of(),
                    List.of(), "median"))),
        new BenchReport.VersusFlink(
            261_497,
            293_509,
            0.89,
            Map.of(
                "hot",
                new BenchReport.FlinkRuns(
                    261_497, 293_509, 0.89, 200_000, List.of(), List.of(), "median"))),
        new BenchReport.ColdStartMillis(1_710, 915, 1_382, 745, 404),
        new BenchReport.TimerLagMillis(
            600,
            900,
            476,
            988,
            1_000,
            Map.of(
                "eventTimeP50",
                33_000.0,
                "eventTimeP99",
                60_000.0,
                "processingTimeP50",
                9_500.0,
                "processingTimeP99",
                58_000.0)),
        0.0006,
        new BenchReport.Cost(0.203, 1.046, 0.068, "list prices"),
        targets,
        421);
  }

  static BenchReport.WorkloadReport workload(
      String name,
      BenchReport.Contender weir,
      BenchReport.Contender naive,
      BenchReport.Contender careful) {
    return new BenchReport.WorkloadReport(
        name, 10, 3_000, 160, weir, naive, careful, new BenchReport.Ratios(1, 1, 1, 1));
  }

  static BenchReport.Contender contender(double eventsPerSec, double units, double cost) {
    return new BenchReport.Contender(
        eventsPerSec,
        1,
        units,
        units / 4,
        units * 3 / 4,
        cost,
        1,
        1,
        1,
        0,
        0,
        0,
        3_000,
        new CostModel.Breakdown(cost / 2, cost / 4, 0, 0, cost / 4),
        0,
        0,
        0,
        List.of(eventsPerSec),
        "median",
        new StackResult.ShardPace(eventsPerSec, 0));
  }
}
