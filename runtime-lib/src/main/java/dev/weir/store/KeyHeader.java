package dev.weir.store;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The per-key header that makes commits exactly-once.
 *
 * @param version incremented by every commit; a commit names the version it read
 * @param appliedSequenceNumbers per shard, the highest Kinesis sequence number whose effects are in
 *     the key's state; records at or below it are replays and are skipped
 * @param openCommits commits too large for one transaction that are committed but not yet applied
 *     in full; a store finishes them before it hands a header out, so the engine sees none
 * @param appliedArrivals per shard, when Kinesis accepted the latest record applied (epoch millis):
 *     once that lies further back than the stream keeps records, no record at or below the shard's
 *     sequence number can be delivered again, and a store may forget the shard
 */
public record KeyHeader(
    long version,
    Map<String, String> appliedSequenceNumbers,
    Set<String> openCommits,
    Map<String, Long> appliedArrivals) {
  /** The header of a key that has never been committed. */
  public static final KeyHeader NEW = new KeyHeader(0, Map.of(), Set.of(), Map.of());

  public KeyHeader {
    appliedSequenceNumbers = Map.copyOf(appliedSequenceNumbers);
    openCommits = Set.copyOf(openCommits);
    appliedArrivals = Map.copyOf(appliedArrivals);
  }

  public KeyHeader(long version, Map<String, String> appliedSequenceNumbers) {
    this(version, appliedSequenceNumbers, Set.of(), Map.of());
  }

  public KeyHeader(long version, Map<String, String> appliedSequenceNumbers, Set<String> open) {
    this(version, appliedSequenceNumbers, open, Map.of());
  }

  /** True if the record at {@code sequenceNumber} of {@code shardId} is already applied. */
  public boolean hasApplied(String shardId, String sequenceNumber) {
    String applied = appliedSequenceNumbers.get(shardId);
    return applied != null && SequenceNumbers.compare(sequenceNumber, applied) <= 0;
  }

  /**
   * The header of the next version, with {@code applied} sequence numbers and their records' {@code
   * arrivals} merged in (neither moving backwards).
   */
  public KeyHeader next(Map<String, String> applied, Map<String, Long> arrivals) {
    Map<String, String> merged = new HashMap<>(appliedSequenceNumbers);
    applied.forEach((shard, seq) -> merged.merge(shard, seq, SequenceNumbers::max));
    Map<String, Long> arrived = new HashMap<>(appliedArrivals);
    arrivals.forEach((shard, millis) -> arrived.merge(shard, millis, Math::max));
    return new KeyHeader(version + 1, merged, openCommits, arrived);
  }

  /**
   * This header without the shards whose latest applied record arrived before {@code cutoffMillis}
   * (shards without a known arrival are kept): records that old cannot be delivered again.
   */
  public KeyHeader forgettingShardsBefore(long cutoffMillis) {
    Map<String, String> kept = new HashMap<>();
    Map<String, Long> keptArrivals = new HashMap<>();
    appliedSequenceNumbers.forEach(
        (shard, seq) -> {
          Long arrival = appliedArrivals.get(shard);
          if (arrival == null || arrival >= cutoffMillis) {
            kept.put(shard, seq);
            if (arrival != null) {
              keptArrivals.put(shard, arrival);
            }
          }
        });
    return new KeyHeader(version, kept, openCommits, keptArrivals);
  }

  /** When the latest record applied arrived, of those whose arrival is known. */
  public OptionalLong latestArrival() {
    return appliedArrivals.values().stream().mapToLong(Long::longValue).max();
  }
}
