package dev.weir.bench.timers;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample. */
final class Percentiles {
  private Percentiles() {}

  static double of(double[] sample, double percentile) {
    if (sample.length == 0) {
      return Double.NaN;
    }
    double[] sorted = sample.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
