package dev.weir.engine;

import java.util.List;

/**
 * Where records and timers given up after their attempts go (a dead-letter queue), sent before the
 * commit that marks them applied or claimed: a crash between the two then gives them up again and
 * sends them again, where sending after the commit would lose them.
 */
@FunctionalInterface
public interface GivenUp {
  /**
   * Sends what one key's work gave up; throws if it cannot (the work is then not committed).
   *
   * @param shardId the shard whose records the work processed; null for a sweep's firing
   */
  void send(String shardId, List<DeadRecord> records, List<DeadTimer> timers);

  /** Reports them only in each result (the test driver, benchmarks). */
  static GivenUp inResultsOnly() {
    return (shardId, records, timers) -> {};
  }
}
