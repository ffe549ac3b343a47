package dev.weir.local.latency;

/**
 * How long one AWS operation takes, seen by a client in the same region: a log-normal distribution
 * fitted to its median and its 99th percentile. Log-normal because latency is positive and skewed:
 * most calls near the median, a long tail above, none below zero.
 *
 * @param medianMillis half of the calls take less
 * @param p99Millis 99 in 100 calls take less; equal to the median for a fixed latency
 * @param source where the figures come from, or why they are an estimate
 */
public record OperationLatency(double medianMillis, double p99Millis, String source) {
  /** The standard normal's 99th percentile. */
  static final double Z_99 = 2.3263478740408408;

  public OperationLatency {
    if (!(medianMillis > 0) || !(p99Millis >= medianMillis)) {
      throw new IllegalArgumentException(
          "need 0 < median <= p99, not " + medianMillis + " and " + p99Millis);
    }
  }

  /** The log-normal's shape: the standard deviation of the latency's logarithm. */
  double sigma() {
    return Math.log(p99Millis / medianMillis) / Z_99;
  }

  /**
   * The latency at the standard normal quantile {@code z} (0 the median, {@link #Z_99} the 99th
   * percentile), in nanoseconds.
   */
  long nanosAt(double z) {
    return Math.round(medianMillis * Math.exp(sigma() * z) * 1_000_000);
  }
}
