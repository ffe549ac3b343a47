package dev.weir.engine;

import java.util.List;

/**
 * Reads a shard's records in their order, for a sweep to find how far its lanes have handled them
 * (the input stream, read after the lanes; in Lambda, Kinesis' {@code GetRecords}).
 */
@FunctionalInterface
public interface ShardTail {
  /**
   * Up to {@code limit} records of {@code shardId} after {@code afterSequence} ({@code null}: from
   * the oldest the stream keeps), in order; none when nothing follows it yet. Throws if the stream
   * cannot tell now (the sweep then leaves the shard as it was verified).
   */
  List<InputRecord> after(String shardId, String afterSequence, int limit);
}
