package dev.weir.store.dynamodb;

import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/** A shard's progress as a typed item of the enhanced client. */
@DynamoDbBean
public class ShardItem {
  private String partition;
  private String shardId;
  private long watermark;
  private long maxEventTime;
  private String lastSequenceNumber;
  private List<String> parentShardIds;
  private boolean closed;

  @DynamoDbPartitionKey
  @DynamoDbAttribute(DynamoDbSchema.PARTITION_KEY)
  public String getPartition() {
    return partition;
  }

  public void setPartition(String partition) {
    this.partition = partition;
  }

  @DynamoDbSortKey
  @DynamoDbAttribute(DynamoDbSchema.SORT_KEY)
  public String getShardId() {
    return shardId;
  }

  public void setShardId(String shardId) {
    this.shardId = shardId;
  }

  @DynamoDbAttribute("wm")
  public long getWatermark() {
    return watermark;
  }

  public void setWatermark(long watermark) {
    this.watermark = watermark;
  }

  @DynamoDbAttribute("maxEt")
  public long getMaxEventTime() {
    return maxEventTime;
  }

  public void setMaxEventTime(long maxEventTime) {
    this.maxEventTime = maxEventTime;
  }

  @DynamoDbAttribute("seq")
  public String getLastSequenceNumber() {
    return lastSequenceNumber;
  }

  public void setLastSequenceNumber(String lastSequenceNumber) {
    this.lastSequenceNumber = lastSequenceNumber;
  }

  @DynamoDbAttribute("parents")
  public List<String> getParentShardIds() {
    return parentShardIds;
  }

  public void setParentShardIds(List<String> parentShardIds) {
    this.parentShardIds = parentShardIds;
  }

  @DynamoDbAttribute("closed")
  public boolean isClosed() {
    return closed;
  }

  public void setClosed(boolean closed) {
    this.closed = closed;
  }
}
