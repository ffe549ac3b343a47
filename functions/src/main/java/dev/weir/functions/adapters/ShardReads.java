package dev.weir.functions.adapters;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** One read of a shard right after its last processed record, to see what is left in it. */
final class ShardReads {
  private ShardReads() {}

  /**
   * Reads at most one record after {@code lastSequenceNumber} ({@code null}: from the shard's
   * start). No records and no next iterator means the shard has ended and all of it was processed.
   */
  static GetRecordsResponse firstUnprocessed(
      KinesisClient kinesis, String streamName, String shardId, String lastSequenceNumber) {
    String iterator =
        kinesis
            .getShardIterator(
                r -> {
                  r.streamName(streamName).shardId(shardId);
                  if (lastSequenceNumber == null) {
                    r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                  } else {
                    r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .startingSequenceNumber(lastSequenceNumber);
                  }
                })
            .shardIterator();
    return kinesis.getRecords(r -> r.shardIterator(iterator).limit(1));
  }
}
