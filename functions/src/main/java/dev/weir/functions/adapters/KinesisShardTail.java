package dev.weir.functions.adapters;

import dev.weir.engine.InputRecord;
import dev.weir.engine.ShardTail;
import java.util.ArrayList;
import java.util.List;
import org.joda.time.Instant;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads a shard of the input stream after a sequence number, for the sweep to verify what its lanes
 * have handled. A {@code GetRecords} may return nothing though records follow (Kinesis reads the
 * shard in segments), so a few empty pages are followed while the shard is behind its tip.
 */
public final class KinesisShardTail implements ShardTail {
  /** Empty pages followed in one read before the sweep leaves the shard for the next. */
  static final int MAX_EMPTY_PAGES = 3;

  private final KinesisClient kinesis;
  private final String streamName;

  public KinesisShardTail(KinesisClient kinesis, String streamName) {
    this.kinesis = kinesis;
    this.streamName = streamName;
  }

  @Override
  public Read after(String shardId, String afterSequence, int limit) {
    String iterator = iterator(shardId, afterSequence);
    List<InputRecord> records = new ArrayList<>();
    boolean atTip = false;
    for (int page = 0; iterator != null && page <= MAX_EMPTY_PAGES; page++) {
      String from = iterator;
      GetRecordsResponse read = kinesis.getRecords(r -> r.shardIterator(from).limit(limit));
      for (Record record : read.records()) {
        records.add(
            new InputRecord(
                record.sequenceNumber(),
                record.partitionKey(),
                record.data().asByteArray(),
                new Instant(record.approximateArrivalTimestamp().toEpochMilli())));
      }
      // At the tip: the end of a closed shard, or a read that took less than it could and that
      // Kinesis says is no time behind the latest record. A full read is never the tip: kinesalite
      // says 0 ms behind whatever follows, and so may Kinesis when the last record it returned is
      // the latest. Unknown (no figure) is not the tip either.
      atTip =
          read.nextShardIterator() == null
              || (read.records().size() < limit
                  && read.millisBehindLatest() != null
                  && read.millisBehindLatest() == 0);
      if (!records.isEmpty() || atTip) {
        break;
      }
      iterator = read.nextShardIterator();
    }
    return new Read(records, atTip);
  }

  /**
   * An iterator after {@code afterSequence}; if Kinesis no longer keeps that record (the sweeps
   * stopped for longer than the stream's retention), from the oldest record it keeps: what was in
   * between can no longer be delivered to any lane.
   */
  private String iterator(String shardId, String afterSequence) {
    if (afterSequence != null) {
      try {
        return kinesis
            .getShardIterator(
                r ->
                    r.streamName(streamName)
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .startingSequenceNumber(afterSequence))
            .shardIterator();
      } catch (InvalidArgumentException trimmed) {
        System.err.println(
            "shard "
                + shardId
                + " no longer keeps sequence number "
                + afterSequence
                + "; verifying from its oldest record: "
                + trimmed.getMessage());
      }
    }
    return kinesis
        .getShardIterator(
            r ->
                r.streamName(streamName)
                    .shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
        .shardIterator();
  }
}
