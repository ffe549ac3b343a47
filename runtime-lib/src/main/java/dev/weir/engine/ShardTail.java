package dev.weir.engine;

import java.util.List;

/**
 * Reads a shard's records in their order, for a sweep to find how far its lanes have handled them
 * (the input stream, read after the lanes; in Lambda, Kinesis' {@code GetRecords}).
 */
@FunctionalInterface
public interface ShardTail {
  /**
   * One read of a shard.
   *
   * @param records its records after the position read from, in order
   * @param atTip true if nothing followed them when the read was made (Kinesis: no milliseconds
   *     behind the shard's latest record, or the end of a closed shard)
   */
  record Read(List<InputRecord> records, boolean atTip) {
    public Read {
      records = List.copyOf(records);
    }
  }

  /**
   * Up to {@code limit} records of {@code shardId} after {@code afterSequence} ({@code null}: from
   * the oldest the stream keeps), in order; none when nothing follows it yet. Throws if the stream
   * cannot tell now (the sweep then leaves the shard as it was verified).
   */
  Read after(String shardId, String afterSequence, int limit);
}
