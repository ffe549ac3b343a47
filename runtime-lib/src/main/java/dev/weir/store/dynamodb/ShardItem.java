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
  private String holds;
  private String leases;
  private String verified;
  private String writer;

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

  @DynamoDbAttribute(DynamoDbSchema.SHARD_WATERMARK)
  public long getWatermark() {
    return watermark;
  }

  public void setWatermark(long watermark) {
    this.watermark = watermark;
  }

  @DynamoDbAttribute(DynamoDbSchema.SHARD_MAX_EVENT_TIME)
  public long getMaxEventTime() {
    return maxEventTime;
  }

  public void setMaxEventTime(long maxEventTime) {
    this.maxEventTime = maxEventTime;
  }

  @DynamoDbAttribute(DynamoDbSchema.SHARD_LAST_SEQUENCE)
  public String getLastSequenceNumber() {
    return lastSequenceNumber;
  }

  public void setLastSequenceNumber(String lastSequenceNumber) {
    this.lastSequenceNumber = lastSequenceNumber;
  }

  @DynamoDbAttribute(DynamoDbSchema.SHARD_PARENTS)
  public List<String> getParentShardIds() {
    return parentShardIds;
  }

  public void setParentShardIds(List<String> parentShardIds) {
    this.parentShardIds = parentShardIds;
  }

  @DynamoDbAttribute(DynamoDbSchema.SHARD_CLOSED)
  public boolean isClosed() {
    return closed;
  }

  public void setClosed(boolean closed) {
    this.closed = closed;
  }

  /** Held keys as {@code keyId:millis} pairs joined by commas, sorted; absent when none. */
  @DynamoDbAttribute(DynamoDbSchema.SHARD_HOLDS)
  public String getHolds() {
    return holds;
  }

  public void setHolds(String holds) {
    this.holds = holds;
  }

  /** Batches in flight, as {@link LeaseCodec} writes them; absent when none. */
  @DynamoDbAttribute(DynamoDbSchema.SHARD_LEASES)
  public String getLeases() {
    return leases;
  }

  public void setLeases(String leases) {
    this.leases = leases;
  }

  /** The prefix a sweep verified, as {@link #encodeVerified} writes it; absent when none. */
  @DynamoDbAttribute(DynamoDbSchema.SHARD_VERIFIED)
  public String getVerified() {
    return verified;
  }

  public void setVerified(String verified) {
    this.verified = verified;
  }

  /** The engine that wrote the item last, where one engine at a time holds the shard. */
  @DynamoDbAttribute(DynamoDbSchema.SHARD_WRITER)
  public String getWriter() {
    return writer;
  }

  public void setWriter(String writer) {
    this.writer = writer;
  }

  /** {@code prefix} as stored ({@code sequence:maxEventTime:latestArrival}), null for none. */
  static String encodeVerified(dev.weir.store.VerifiedPrefix prefix) {
    return prefix == null
        ? null
        : prefix.sequenceNumber()
            + ':'
            + prefix.maxEventTimeMillis()
            + ':'
            + prefix.latestArrivalMillis();
  }

  static dev.weir.store.VerifiedPrefix decodeVerified(String encoded) {
    if (encoded == null || encoded.isEmpty()) {
      return null;
    }
    String[] parts = encoded.split(":");
    return new dev.weir.store.VerifiedPrefix(
        parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]));
  }

  /** {@code holds} as stored: null when empty, so an item without holds has no attribute. */
  static String encodeHolds(java.util.Map<String, Long> holds) {
    if (holds.isEmpty()) {
      return null;
    }
    StringBuilder encoded = new StringBuilder();
    new java.util.TreeMap<>(holds)
        .forEach(
            (key, millis) ->
                encoded
                    .append(encoded.length() == 0 ? "" : ",")
                    .append(key)
                    .append(':')
                    .append(millis));
    return encoded.toString();
  }

  static java.util.Map<String, Long> decodeHolds(String encoded) {
    java.util.Map<String, Long> holds = new java.util.TreeMap<>();
    if (encoded != null && !encoded.isEmpty()) {
      for (String pair : encoded.split(",")) {
        int colon = pair.lastIndexOf(':');
        holds.put(pair.substring(0, colon), Long.parseLong(pair.substring(colon + 1)));
      }
    }
    return holds;
  }
}
