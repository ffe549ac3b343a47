package dev.weir.store;

import java.util.List;
import java.util.Objects;

/**
 * Progress of one input shard.
 *
 * @param watermarkMillis the shard's watermark; never decreases
 * @param maxEventTimeMillis the largest event time seen on the shard
 * @param lastSequenceNumber the last sequence number processed, or null before the first
 * @param parentShardIds shards this one was split or merged from
 * @param closed true once the shard has ended (after a reshard) and was fully processed
 */
public record ShardRecord(
    String shardId,
    long watermarkMillis,
    long maxEventTimeMillis,
    String lastSequenceNumber,
    List<String> parentShardIds,
    boolean closed) {
  public ShardRecord {
    Objects.requireNonNull(shardId, "shardId");
    parentShardIds = List.copyOf(parentShardIds);
  }
}
