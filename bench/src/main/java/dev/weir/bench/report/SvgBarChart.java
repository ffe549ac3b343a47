package dev.weir.bench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A grouped horizontal bar chart as an inline SVG string, so that the HTML report needs no script,
 * library or network to show its numbers: one group per workload (or condition), one bar per
 * contender, each labelled with its value, on a linear axis from 0 to a round maximum. A bar may be
 * split into segments (read and write units) by shares of its length.
 */
final class SvgBarChart {
  private static final int WIDTH = 760;
  private static final int LEFT = 130;
  private static final int RIGHT = 90;
  private static final int LEGEND = 30;
  private static final int BAR = 16;
  private static final int BAR_GAP = 3;
  private static final int GROUP_GAP = 12;
  private static final double LATER_SEGMENT_OPACITY = 0.45;

  /** A contender: its name in the legend and its bars' colour. */
  record Series(String name, String color) {}

  private record Group(String label, double[] values, double[][] shares) {}

  private final String title;
  private final String unit;
  private final List<Series> series;
  private final List<String> segments;
  private final List<Group> groups = new ArrayList<>();

  /**
   * @param unit what the axis counts, also in every bar's tooltip
   * @param segments the names of a bar's segments, first drawn solid, later ones lighter; empty for
   *     plain bars
   */
  SvgBarChart(String title, String unit, List<Series> series, List<String> segments) {
    this.title = title;
    this.unit = unit;
    this.series = List.copyOf(series);
    this.segments = List.copyOf(segments);
  }

  /** A group of plain bars, one value per series; {@code NaN} for one not measured (no bar). */
  SvgBarChart group(String label, double... values) {
    return group(label, values, null);
  }

  /** A group of split bars: {@code shares[i]} the fractions of bar {@code i} per segment. */
  SvgBarChart group(String label, double[] values, double[][] shares) {
    if (values.length != series.size()) {
      throw new IllegalArgumentException(label + ": " + values.length + " values for " + series);
    }
    groups.add(new Group(label, values.clone(), shares));
    return this;
  }

  String render() {
    double max = 0;
    for (Group group : groups) {
      for (double value : group.values()) {
        if (Double.isFinite(value) && value > max) {
          max = value;
        }
      }
    }
    double step = niceStep(max > 0 ? max / 4 : 0.25);
    int ticks = (int) Math.ceil(max / step - 1e-9);
    double axisMax = Math.max(1, ticks) * step;
    double plotWidth = WIDTH - LEFT - RIGHT;
    int rows = series.size();
    int groupHeight = rows * BAR + (rows - 1) * BAR_GAP;
    int plotBottom = LEGEND + groups.size() * (groupHeight + GROUP_GAP);
    int height = plotBottom + 40;

    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\" aria-label=\"")
        .append(HtmlReport.escape(title))
        .append("\" font-family=\"system-ui, sans-serif\" font-size=\"12\">");
    legend(svg);
    for (int i = 0; i <= Math.max(1, ticks); i++) {
      double x = LEFT + i * step / axisMax * plotWidth;
      svg.append(
              String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\"", x, LEGEND))
          .append(String.format(Locale.ROOT, " x2=\"%.1f\" y2=\"%d\"/>", x, plotBottom))
          .append(text(x, plotBottom + 14, "middle", "tick", format(i * step)));
    }
    svg.append(text(LEFT + plotWidth / 2, plotBottom + 32, "middle", "unit", unit));
    int y = LEGEND + GROUP_GAP / 2;
    for (Group group : groups) {
      svg.append(text(LEFT - 8, y + groupHeight / 2.0 + 4, "end", "group", group.label()));
      for (int i = 0; i < rows; i++) {
        bar(svg, group, i, y + i * (BAR + BAR_GAP), axisMax, plotWidth);
      }
      y += groupHeight + GROUP_GAP;
    }
    return svg.append("</svg>").toString();
  }

  private void bar(StringBuilder svg, Group group, int i, int y, double axisMax, double width) {
    double value = group.values()[i];
    if (!Double.isFinite(value)) {
      svg.append(
          text(LEFT + 4, y + BAR - 4, "start", "missing", series.get(i).name() + ": not measured"));
      return;
    }
    String color = series.get(i).color();
    double length = Math.max(0, value) / axisMax * width;
    svg.append("<g class=\"bar\"><title>")
        .append(HtmlReport.escape(group.label() + ", " + series.get(i).name()))
        .append(": ")
        .append(HtmlReport.escape(format(value) + " " + unit))
        .append("</title>");
    double[] shares = group.shares() == null ? new double[] {1} : group.shares()[i];
    double x = LEFT;
    for (int s = 0; s < shares.length; s++) {
      double segment = length * shares[s];
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"%s/>",
              x,
              y,
              segment,
              BAR,
              color,
              s == 0 ? "" : " fill-opacity=\"" + LATER_SEGMENT_OPACITY + "\""));
      x += segment;
    }
    svg.append(text(LEFT + length + 4, y + BAR - 4, "start", "value", format(value)))
        .append("</g>");
  }

  private void legend(StringBuilder svg) {
    double x = LEFT;
    for (Series s : series) {
      svg.append(swatch(x, s.color(), 1));
      svg.append(text(x + 16, 17, "start", "legend", s.name()));
      x += 30 + 7 * s.name().length();
    }
    for (int s = 0; s < segments.size(); s++) {
      svg.append(swatch(x, "#555", s == 0 ? 1 : LATER_SEGMENT_OPACITY));
      svg.append(text(x + 16, 17, "start", "legend", segments.get(s)));
      x += 30 + 7 * segments.get(s).length();
    }
  }

  private static String swatch(double x, String color, double opacity) {
    return String.format(
        Locale.ROOT,
        "<rect x=\"%.1f\" y=\"7\" width=\"12\" height=\"12\" fill=\"%s\" fill-opacity=\"%s\"/>",
        x,
        color,
        opacity);
  }

  private static String text(double x, double y, String anchor, String cssClass, String content) {
    return String.format(
        Locale.ROOT,
        "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
        cssClass,
        x,
        y,
        anchor,
        HtmlReport.escape(content));
  }

  /** The smallest of 1, 2, 2.5 and 5 times a power of ten at least {@code raw}. */
  static double niceStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double fraction = raw / magnitude;
    for (double nice : new double[] {1, 2, 2.5, 5}) {
      if (fraction <= nice + 1e-9) {
        return nice * magnitude;
      }
    }
    return 10 * magnitude;
  }

  /** Three significant digits, thousands grouped: 1,234, 476, 4.39, 0.352, 0.0006. */
  static String format(double value) {
    if (!Double.isFinite(value)) {
      return "n/a";
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded = BigDecimal.valueOf(value).round(new MathContext(3));
    if (rounded.abs().compareTo(BigDecimal.valueOf(1000)) >= 0) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return rounded.stripTrailingZeros().toPlainString();
  }
}
