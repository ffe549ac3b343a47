package dev.weir.local.stack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads a stream from its start (or from when it was created, {@link #fromNow}), as a consumer
 * would: each call returns what came since.
 */
public final class StreamTail {
  private final KinesisClient kinesis;
  private final String stream;
  private final Map<String, String> iterators = new HashMap<>();
  private final ShardIteratorType start;

  public StreamTail(KinesisClient kinesis, String stream) {
    this(kinesis, stream, ShardIteratorType.TRIM_HORIZON);
  }

  private StreamTail(KinesisClient kinesis, String stream, ShardIteratorType start) {
    this.kinesis = kinesis;
    this.stream = stream;
    this.start = start;
    if (start == ShardIteratorType.LATEST) {
      poll(); // places the iterators now
    }
  }

  /** A tail of what is written after this call. */
  public static StreamTail fromNow(KinesisClient kinesis, String stream) {
    return new StreamTail(kinesis, stream, ShardIteratorType.LATEST);
  }

  /** The data of every record written since the last call; the stream must not reshard. */
  public synchronized List<byte[]> poll() {
    if (iterators.isEmpty()) {
      for (Shard shard : kinesis.listShards(r -> r.streamName(stream)).shards()) {
        iterators.put(
            shard.shardId(),
            kinesis
                .getShardIterator(
                    r -> r.streamName(stream).shardId(shard.shardId()).shardIteratorType(start))
                .shardIterator());
      }
    }
    List<byte[]> records = new ArrayList<>();
    for (Map.Entry<String, String> shard : iterators.entrySet()) {
      while (shard.getValue() != null) {
        String iterator = shard.getValue();
        GetRecordsResponse page = kinesis.getRecords(r -> r.shardIterator(iterator).limit(1_000));
        for (Record record : page.records()) {
          records.add(record.data().asByteArray());
        }
        shard.setValue(page.nextShardIterator());
        if (page.records().isEmpty()) {
          break;
        }
      }
    }
    return records;
  }
}
