package dev.weir.store.dynamodb;

import static dev.weir.store.dynamodb.Attributes.s;

import dev.weir.store.dynamodb.RedoLog.OpenCommit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Finishes a commit its header names open: applies its redo log, deletes the log, and closes it in
 * the header. The committer does this right after its header write; whoever reads the key next does
 * it if the committer died first. Several may run at once: each batch of writes is a transaction
 * that also checks the commit is still open, so once one of them closed it, a late batch of another
 * cannot bring back what a later commit changed.
 */
final class RollForward {
  /** Attempts at a batch that collides with another roll-forward of the same commit. */
  static final int MAX_ATTEMPTS = 5;

  private final DynamoDbClient client;
  private final DynamoDbSchema schema;
  private final RedoLog log;

  RollForward(DynamoDbClient client, DynamoDbSchema schema, RedoLog log) {
    this.client = client;
    this.schema = schema;
    this.log = log;
  }

  void complete(String keyId, OpenCommit open) {
    complete(keyId, open, OptionalLong.empty());
  }

  /**
   * Finishes the commit; {@code expiresAt} (epoch seconds), if given, is set on the header as the
   * commit is closed: its committer knows the key holds nothing after it.
   */
  void complete(String keyId, OpenCommit open, OptionalLong expiresAt) {
    RedoLog.Contents redo = log.read(keyId, open);
    List<TransactWriteItem> batch = new ArrayList<>();
    int bytes = 0;
    for (WriteOp op : redo.ops()) {
      if (batch.size() == CommitWriter.MAX_TRANSACTION_ITEMS - 1
          || bytes + op.size() > CommitWriter.MAX_TRANSACTION_BYTES) {
        if (!apply(keyId, open, batch)) {
          return;
        }
        batch.clear();
        bytes = 0;
      }
      batch.add(op.toTransactItem(schema.table()));
      bytes += op.size();
    }
    if (!batch.isEmpty() && !apply(keyId, open, batch)) {
      return;
    }
    log.delete(redo.parts());
    log.delete(redo.abandoned());
    close(keyId, open, expiresAt);
  }

  /** Applies one batch if the commit is still open; false if another roll-forward closed it. */
  private boolean apply(String keyId, OpenCommit open, List<TransactWriteItem> batch) {
    List<TransactWriteItem> items = new ArrayList<>(batch);
    items.add(
        TransactWriteItem.builder()
            .conditionCheck(
                ConditionCheck.builder()
                    .tableName(schema.table())
                    .key(HeaderItems.key(schema, keyId))
                    .conditionExpression("contains(#open, :entry)")
                    .expressionAttributeNames(Map.of("#open", DynamoDbSchema.OPEN_COMMITS))
                    .expressionAttributeValues(Map.of(":entry", s(open.entry())))
                    .build())
            .build());
    for (int attempt = 1; ; attempt++) {
      try {
        client.transactWriteItems(
            TransactWriteItemsRequest.builder()
                .transactItems(items)
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                .build());
        return true;
      } catch (TransactionCanceledException e) {
        List<CancellationReason> reasons = e.cancellationReasons();
        if ("ConditionalCheckFailed".equals(reasons.get(reasons.size() - 1).code())) {
          return false;
        }
        boolean conflict = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
        if (!conflict || attempt == MAX_ATTEMPTS) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  private void close(String keyId, OpenCommit open, OptionalLong expiresAt) {
    Map<String, String> names = new HashMap<>(Map.of("#open", DynamoDbSchema.OPEN_COMMITS));
    Map<String, AttributeValue> values =
        new HashMap<>(Map.of(":entry", AttributeValue.fromSs(List.of(open.entry()))));
    UpdateItemRequest.Builder update =
        UpdateItemRequest.builder()
            .tableName(schema.table())
            .key(HeaderItems.key(schema, keyId))
            .updateExpression("DELETE #open :entry")
            .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES);
    if (expiresAt.isPresent()) {
      // Only while this commit is still the key's latest: once another closed it, a later commit
      // may have given the key state again, which must never expire.
      names.put("#ttl", DynamoDbSchema.TTL_ATTRIBUTE);
      values.put(":ttl", AttributeValue.fromN(Long.toString(expiresAt.getAsLong())));
      update
          .updateExpression("DELETE #open :entry SET #ttl = :ttl")
          .conditionExpression("contains(#open, :open)");
      values.put(":open", AttributeValue.fromS(open.entry()));
    }
    try {
      client.updateItem(
          update.expressionAttributeNames(names).expressionAttributeValues(values).build());
    } catch (ConditionalCheckFailedException closedByAnother) {
      // Closed by a reader's roll-forward; the key's next commit sets its TTL if it still holds
      // nothing.
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(20L << attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rolling a commit forward", e);
    }
  }
}
