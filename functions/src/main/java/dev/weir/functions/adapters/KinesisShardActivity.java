package dev.weir.functions.adapters;

import dev.weir.store.ShardRecord;
import dev.weir.watermark.ShardActivity;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * A shard is caught up when reading after its last processed record (from its start, if none was
 * processed yet) finds nothing and Kinesis reports it zero milliseconds behind: there is no
 * unprocessed data that could hold the watermark. So an empty shard (a fresh child of a split) is
 * idle too, and follows the clock instead of holding its parents' watermark for good.
 */
public final class KinesisShardActivity implements ShardActivity {
  private final KinesisClient kinesis;
  private final String streamName;

  public KinesisShardActivity(KinesisClient kinesis, String streamName) {
    this.kinesis = kinesis;
    this.streamName = streamName;
  }

  @Override
  public boolean isCaughtUp(ShardRecord shard) {
    try {
      GetRecordsResponse records =
          ShardReads.firstUnprocessed(
              kinesis, streamName, shard.shardId(), shard.lastSequenceNumber());
      return records.records().isEmpty()
          && records.millisBehindLatest() != null
          && records.millisBehindLatest() == 0;
    } catch (ResourceNotFoundException gone) {
      return true; // an expired or deleted shard has nothing left to hold the watermark
    } catch (SdkException unknown) {
      // Cannot tell (throttled, a sequence number Kinesis no longer knows, ...): the shard keeps
      // holding the watermark, which delays windows but never drops data; the next sweep asks
      // again.
      System.err.println(
          "cannot tell whether shard " + shard.shardId() + " is caught up: " + unknown);
      return false;
    }
  }
}
