package dev.weir.store;

import java.security.SecureRandom;
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
 * @param generation chosen at random by the key's first commit and kept by every later one (0: none
 *     chosen, as for a key never committed or committed before keys had one). A key that holds
 *     nothing loses its header once no replay can need it (DynamoDB's TTL), and if it is committed
 *     again it starts over at version 0: the version alone would then let a copy of the old key at
 *     version N (a container's cache) pass for the new key's version N. Stores and caches compare
 *     both ({@link #isSameVersionAs}), and a commit must name the generation it read.
 */
public record KeyHeader(
    long version,
    Map<String, String> appliedSequenceNumbers,
    Set<String> openCommits,
    Map<String, Long> appliedArrivals,
    long generation) {
  /** The header of a key that has never been committed. */
  public static final KeyHeader NEW = new KeyHeader(0, Map.of(), Set.of(), Map.of());

  private static final SecureRandom RANDOM = new SecureRandom();

  public KeyHeader {
    appliedSequenceNumbers = Map.copyOf(appliedSequenceNumbers);
    openCommits = Set.copyOf(openCommits);
    appliedArrivals = Map.copyOf(appliedArrivals);
  }

  /** A header without a generation. */
  public KeyHeader(
      long version,
      Map<String, String> appliedSequenceNumbers,
      Set<String> openCommits,
      Map<String, Long> appliedArrivals) {
    this(version, appliedSequenceNumbers, openCommits, appliedArrivals, 0);
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
   * True if {@code other} is this very version of this key: the same version of the same generation
   * (a key created again after its header expired counts its versions anew).
   */
  public boolean isSameVersionAs(KeyHeader other) {
    return version == other.version && generation == other.generation;
  }

  /**
   * The header of the next version, with {@code applied} sequence numbers and their records' {@code
   * arrivals} merged in (neither moving backwards); the first version of a key gets a new
   * generation.
   */
  public KeyHeader next(Map<String, String> applied, Map<String, Long> arrivals) {
    Map<String, String> merged = new HashMap<>(appliedSequenceNumbers);
    applied.forEach((shard, seq) -> merged.merge(shard, seq, SequenceNumbers::max));
    Map<String, Long> arrived = new HashMap<>(appliedArrivals);
    arrivals.forEach((shard, millis) -> arrived.merge(shard, millis, Math::max));
    return new KeyHeader(
        version + 1, merged, openCommits, arrived, version == 0 ? newGeneration() : generation);
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
    return new KeyHeader(version, kept, openCommits, keptArrivals, generation);
  }

  private static long newGeneration() {
    long generation;
    do {
      generation = RANDOM.nextLong();
    } while (generation == 0);
    return generation;
  }

  /** When the latest record applied arrived, of those whose arrival is known. */
  public OptionalLong latestArrival() {
    return appliedArrivals.values().stream().mapToLong(Long::longValue).max();
  }
}
