package dev.weir.store;

/**
 * Counts how often a record has failed, across invocations and containers, so that a record whose
 * key keeps failing is dead-lettered after a bounded number of attempts instead of blocking its
 * shard forever.
 */
public interface AttemptLedger {

  /**
   * Records one more failed attempt at {@code sequenceNumber} of {@code shardId}; returns the
   * total.
   */
  int recordFailure(String shardId, String sequenceNumber);
}
