package dev.weir.store;

import java.util.Collections;
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
 */
public record ShardRecord(
    String shardId,
    long watermarkMillis,
    long maxEventTimeMillis,
    String lastSequenceNumber,
    List<String> parentShardIds,
    boolean closed,
    Map<String, Long> holds) {
  public ShardRecord {
    Objects.requireNonNull(shardId, "shardId");
    parentShardIds = List.copyOf(parentShardIds);
    holds = Collections.unmodifiableMap(new TreeMap<>(holds));
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
        Map.of());
  }

  /** The earliest held event time, or {@code Long.MAX_VALUE} if nothing is held. */
  public long holdMillis() {
    return holds.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
  }
}
