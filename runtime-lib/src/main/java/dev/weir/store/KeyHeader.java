package dev.weir.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The per-key header that makes commits exactly-once.
 *
 * @param version incremented by every commit; a commit names the version it read
 * @param appliedSequenceNumbers per shard, the highest Kinesis sequence number whose effects are in
 *     the key's state; records at or below it are replays and are skipped
 * @param openCommits commits too large for one transaction that are committed but not yet applied
 *     in full; a store finishes them before it hands a header out, so the engine sees none
 */
public record KeyHeader(
    long version, Map<String, String> appliedSequenceNumbers, Set<String> openCommits) {
  /** The header of a key that has never been committed. */
  public static final KeyHeader NEW = new KeyHeader(0, Map.of(), Set.of());

  public KeyHeader {
    appliedSequenceNumbers = Map.copyOf(appliedSequenceNumbers);
    openCommits = Set.copyOf(openCommits);
  }

  public KeyHeader(long version, Map<String, String> appliedSequenceNumbers) {
    this(version, appliedSequenceNumbers, Set.of());
  }

  /** True if the record at {@code sequenceNumber} of {@code shardId} is already applied. */
  public boolean hasApplied(String shardId, String sequenceNumber) {
    String applied = appliedSequenceNumbers.get(shardId);
    return applied != null && SequenceNumbers.compare(sequenceNumber, applied) <= 0;
  }

  /** The header of the next version, with {@code applied} merged in (never moving backwards). */
  public KeyHeader next(Map<String, String> applied) {
    Map<String, String> merged = new HashMap<>(appliedSequenceNumbers);
    applied.forEach((shard, seq) -> merged.merge(shard, seq, SequenceNumbers::max));
    return new KeyHeader(version + 1, merged, openCommits);
  }
}
