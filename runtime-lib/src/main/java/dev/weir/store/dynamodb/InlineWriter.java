package dev.weir.store.dynamodb;

import dev.weir.store.CommitConflictException;
import dev.weir.store.KeyCommit;
import dev.weir.timer.TimerDomain;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Commits a key whose state is inline: one {@code PutItem} of its header item with the whole state
 * and the index entries of its earliest event-time and processing-time timers, conditional on the
 * version the work read. A failed condition is a lost race only if the header is not the one this
 * put wrote: an SDK retry of a put that took effect fails it too ({@link OwnWrites}).
 */
final class InlineWriter {
  private final DynamoDbClient client;
  private final DynamoDbSchema schema;
  private final TimerItems timerItems;
  private final ReplayHorizon horizon;
  private final OwnWrites ownWrites;

  InlineWriter(
      DynamoDbClient client, DynamoDbSchema schema, ReplayHorizon horizon, OwnWrites ownWrites) {
    this.client = client;
    this.schema = schema;
    this.timerItems = new TimerItems(schema);
    this.horizon = horizon;
    this.ownWrites = ownWrites;
  }

  void put(KeyCommit commit, InlineState state, byte[] encoded) {
    String partition = schema.headerPartition(commit.keyId());
    Map<String, AttributeValue> item =
        HeaderItems.item(schema, commit, Set.of(), horizon, state.isEmpty());
    item.put(DynamoDbSchema.INLINE_STATE, AttributeValue.fromB(SdkBytes.fromByteArray(encoded)));
    String itemId = partition + "#" + DynamoDbSchema.HEADER_SORT_KEY;
    state
        .earliest(TimerDomain.EVENT_TIME)
        .ifPresent(
            t ->
                item.putAll(
                    timerItems.indexEntry(
                        t,
                        "",
                        DynamoDbSchema.TIMER_INDEX_PARTITION_KEY,
                        DynamoDbSchema.TIMER_INDEX_SORT_KEY,
                        itemId)));
    state
        .earliest(TimerDomain.PROCESSING_TIME)
        .ifPresent(
            t ->
                item.putAll(
                    timerItems.indexEntry(
                        t,
                        DynamoDbSchema.PT_PREFIX,
                        DynamoDbSchema.INLINE_PROCESSING_TIMER_PARTITION_KEY,
                        DynamoDbSchema.INLINE_PROCESSING_TIMER_SORT_KEY,
                        itemId)));
    HeaderItems.Expected expected = HeaderItems.expectedVersion(commit);
    PutItemRequest put =
        PutItemRequest.builder()
            .tableName(schema.table())
            .item(item)
            .conditionExpression(expected.expression())
            .expressionAttributeNames(expected.names())
            .expressionAttributeValues(expected.values())
            .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
            .build();
    try {
      client.putItem(put);
    } catch (ConditionalCheckFailedException e) {
      if (!ownWrites.storedHeader(commit.keyId(), item)) {
        throw CommitConflictException.lostRace(commit, "");
      }
    }
  }
}
