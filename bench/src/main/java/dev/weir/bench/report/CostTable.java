package dev.weir.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * The report's table of where each contender's cost goes (DynamoDB, each function, Kinesis) and
 * what it left undone: a contender's cost is only comparable with what it did, so work it did not
 * finish (buffers never flushed, items never expired, events never output) stands beside its
 * numbers.
 */
final class CostTable {
  private static final List<String> WHO = List.of("Weir", "naive", "careful");

  private CostTable() {}

  static void append(StringBuilder html, List<BenchReport.WorkloadReport> workloads) {
    html.append("<h2>Where the cost goes, and work left undone</h2>\n")
        .append("<table>\n<tr><th>workload</th><th>who</th><th>$/M events</th>")
        .append("<th>DynamoDB</th><th>processor</th><th>watermark fn</th><th>timer fn</th>")
        .append("<th>Kinesis</th><th>ticks/event</th><th>left undone</th></tr>\n");
    for (BenchReport.WorkloadReport w : workloads) {
      List<BenchReport.Contender> contenders = List.of(w.weir(), w.baseline(), w.careful());
      for (int i = 0; i < contenders.size(); i++) {
        BenchReport.Contender c = contenders.get(i);
        CostModel.Breakdown cost = c.costBreakdownUsd();
        html.append("<tr><td>")
            .append(HtmlReport.escape(w.name()))
            .append("</td><td>")
            .append(WHO.get(i))
            .append("</td>");
        for (double part :
            new double[] {
              c.costPerMillionEventsUsd(),
              cost.dynamoDb(),
              cost.processor(),
              cost.watermark(),
              cost.timer(),
              cost.kinesis()
            }) {
          html.append(String.format(Locale.ROOT, "<td>%.3f</td>", part));
        }
        html.append(
                String.format(Locale.ROOT, "<td>%.3f</td>", (double) c.tickRecords() / w.events()))
            .append(c.leftNothing() ? "<td class=\"met\">" : "<td class=\"missed\">")
            .append(HtmlReport.escape(leftUndone(c)))
            .append("</td></tr>\n");
      }
    }
    html.append("</table>\n");
  }

  /** What {@code c} left undone, in words; "nothing" if it finished. */
  static String leftUndone(BenchReport.Contender c) {
    if (c.leftNothing()) {
      return "nothing";
    }
    return String.format(
        Locale.ROOT,
        "%,d items of state left, %,d events never output, %,d duplicate outputs",
        c.stateLeft(),
        c.eventsNeverOutput(),
        c.duplicateOutputs());
  }
}
