package dev.weir.store.dynamodb;

import static dev.weir.store.dynamodb.Attributes.n;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * One item write of a key's commit: a put of a whole item, or a delete by key; a timer claim is a
 * delete that, inside the header's transaction, also checks the due time the work read.
 *
 * @param item the whole item (put) or its key (delete)
 * @param claimedFireAt for a timer claim, the due time read; else null
 */
record WriteOp(Map<String, AttributeValue> item, boolean delete, Long claimedFireAt) {
  private static final String PUT_TAG = "p";
  private static final String DELETE_TAG = "d";

  static WriteOp put(Map<String, AttributeValue> item) {
    return new WriteOp(item, false, null);
  }

  static WriteOp delete(Map<String, AttributeValue> key) {
    return new WriteOp(key, true, null);
  }

  static WriteOp claim(Map<String, AttributeValue> timerKey, long fireAtMillis) {
    return new WriteOp(timerKey, true, fireAtMillis);
  }

  int size() {
    return Attributes.size(item) + 8;
  }

  TransactWriteItem toTransactItem(String table) {
    if (!delete) {
      return TransactWriteItem.builder()
          .put(Put.builder().tableName(table).item(item).build())
          .build();
    }
    Delete.Builder delete = Delete.builder().tableName(table).key(item);
    if (claimedFireAt != null) {
      delete
          .conditionExpression("#fire = :fire")
          .expressionAttributeNames(Map.of("#fire", DynamoDbSchema.FIRE_AT))
          .expressionAttributeValues(Map.of(":fire", n(claimedFireAt)));
    }
    return TransactWriteItem.builder().delete(delete.build()).build();
  }

  /**
   * The operation as a redo log stores it. A claim's check is dropped: a redo log is written only
   * for a commit whose header write succeeded, which already proved nothing changed since the read.
   */
  AttributeValue toRedo() {
    return AttributeValue.fromM(Map.of(delete ? DELETE_TAG : PUT_TAG, AttributeValue.fromM(item)));
  }

  static WriteOp fromRedo(AttributeValue redo) {
    Map<String, AttributeValue> op = redo.m();
    AttributeValue put = op.get(PUT_TAG);
    return put != null ? put(put.m()) : delete(op.get(DELETE_TAG).m());
  }
}
