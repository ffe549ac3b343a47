package dev.weir.store;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Progress of one input shard.
 *
 * @param watermarkMillis the shard's watermark; never decreases
 * @param maxEventTimeMillis the largest event time seen on the shard
 * @param lastSequenceNumber the last sequence number processed, or null before the first
 * @param parentShardIds shards this one was split or merged from
 * @param closed true once the shard has ended (after a reshard) and was fully processed
 * @param holds per key whose records failed and will be processed again (by whichever lane of the
 *     shard owns the key), the earliest event time among them: the watermark stays behind it until
 *     the key commits or its records are dead-lettered, or they would come back late
 * @param leases batches lanes of the shard have started and not finished ({@link InFlightBatch}):
 *     the watermark stays behind their records too, and the shard is not caught up, idle or closed
 *     while one is open
 * @param verified how far a sweep has found the shard's records handled, in their order (null: no
 *     sweep checked it yet); kept only where several lanes read the shard ({@link VerifiedPrefix})
 * @param writer the engine that wrote the record last, where one engine at a time holds the shard
 *     and writes its record (null otherwise): a record another engine wrote is never taken for one
 *     of its own, even if alike in everything else
 */
public record ShardRecord(
    String shardId,
    long watermarkMillis,
    long maxEventTimeMillis,
    String lastSequenceNumber,
    List<String> parentShardIds,
    boolean closed,
    Map<String, Long> holds,
    List<InFlightBatch> leases,
    VerifiedPrefix verified,
    String writer) {
  public ShardRecord {
    Objects.requireNonNull(shardId, "shardId");
    parentShardIds = List.copyOf(parentShardIds);
    holds = Collections.unmodifiableMap(new TreeMap<>(holds));
    leases =
        leases.stream()
            .sorted(Comparator.comparing(InFlightBatch::firstSequence, SequenceNumbers::compare))
            .toList();
  }

  /** A record no engine claims as its own writer. */
  public ShardRecord(
      String shardId,
      long watermarkMillis,
      long maxEventTimeMillis,
      String lastSequenceNumber,
      List<String> parentShardIds,
      boolean closed,
      Map<String, Long> holds,
      List<InFlightBatch> leases,
      VerifiedPrefix verified) {
    this(
        shardId,
        watermarkMillis,
        maxEventTimeMillis,
        lastSequenceNumber,
        parentShardIds,
        closed,
        holds,
        leases,
        verified,
        null);
  }

  /** A shard no sweep has verified. */
  public ShardRecord(
      String shardId,
      long watermarkMillis,
      long maxEventTimeMillis,
      String lastSequenceNumber,
      List<String> parentShardIds,
      boolean closed,
      Map<String, Long> holds,
      List<InFlightBatch> leases) {
    this(
        shardId,
        watermarkMillis,
        maxEventTimeMillis,
        lastSequenceNumber,
        parentShardIds,
        closed,
        holds,
        leases,
        null);
  }

  /** A shard with held keys and no batch in flight. */
  public ShardRecord(
      String shardId,
      long watermarkMillis,
      long maxEventTimeMillis,
      String lastSequenceNumber,
      List<String> parentShardIds,
      boolean closed,
      Map<String, Long> holds) {
    this(
        shardId,
        watermarkMillis,
        maxEventTimeMillis,
        lastSequenceNumber,
        parentShardIds,
        closed,
        holds,
        List.of(),
        null);
  }

  /** A shard with no held keys. */
  public ShardRecord(
      String shardId,
      long watermarkMillis,
      long maxEventTimeMillis,
      String lastSequenceNumber,
      List<String> parentShardIds,
      boolean closed) {
    this(
        shardId,
        watermarkMillis,
        maxEventTimeMillis,
        lastSequenceNumber,
        parentShardIds,
        closed,
        Map.of(),
        List.of(),
        null);
  }

  /**
   * The earliest event time held by a failed key or a batch in flight, or {@code Long.MAX_VALUE} if
   * nothing is held.
   */
  public long holdMillis() {
    long held = holds.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    for (InFlightBatch lease : leases) {
      held = Math.min(held, lease.earliestEventMillis());
    }
    return held;
  }

  /** True while a lane of the shard has a batch in flight: records it has not finished. */
  public boolean hasBatchesInFlight() {
    return !leases.isEmpty();
  }

  /**
   * This record with the topology a sweep read ({@code parents}, {@code closed}); its progress,
   * holds and leases unchanged: a sweep must never release what a bundle holds.
   */
  public ShardRecord withTopology(List<String> parents, boolean closed) {
    return new ShardRecord(
        shardId,
        watermarkMillis,
        maxEventTimeMillis,
        lastSequenceNumber,
        parents,
        closed,
        holds,
        leases,
        verified,
        writer);
  }

  /** This record with {@code leases} in place of its own. */
  public ShardRecord withLeases(List<InFlightBatch> leases) {
    return new ShardRecord(
        shardId,
        watermarkMillis,
        maxEventTimeMillis,
        lastSequenceNumber,
        parentShardIds,
        closed,
        holds,
        leases,
        verified,
        writer);
  }

  /** This record as written by {@code writer}. */
  public ShardRecord withWriter(String writer) {
    return new ShardRecord(
        shardId,
        watermarkMillis,
        maxEventTimeMillis,
        lastSequenceNumber,
        parentShardIds,
        closed,
        holds,
        leases,
        verified,
        writer);
  }

  /** This record with the prefix a sweep verified in place of its own. */
  public ShardRecord withVerified(VerifiedPrefix verified) {
    return new ShardRecord(
        shardId,
        watermarkMillis,
        maxEventTimeMillis,
        lastSequenceNumber,
        parentShardIds,
        closed,
        holds,
        leases,
        verified,
        writer);
  }

  /**
   * True if the verified prefix reaches the furthest record any lane processed (or none was): with
   * several lanes, an ended shard has nothing left to hold the watermark only then.
   */
  public boolean verifiedThroughLast() {
    return lastSequenceNumber == null
        || (verified != null
            && SequenceNumbers.compare(verified.sequenceNumber(), lastSequenceNumber) >= 0);
  }
}
