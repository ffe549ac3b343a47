package dev.weir.local.dynamodb;

import dev.weir.store.dynamodb.DynamoDbSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * What a pipeline's state items must not carry once its keys were used again after a crash: a TTL
 * (DynamoDB would delete committed data) or a redo log part (a commit never finished). Failed
 * attempt counts expire by design and are not state.
 */
final class StoreLeftovers {
  private StoreLeftovers() {}

  /** What is left in {@code table}, which holds one pipeline's items. */
  static List<String> of(DynamoDbClient client, String table) {
    List<String> found = new ArrayList<>();
    Map<String, AttributeValue> startKey = null;
    do {
      var page =
          client.scan(
              ScanRequest.builder()
                  .tableName(table)
                  .filterExpression(
                      "NOT contains(#pk, :attempts)"
                          + " AND (attribute_exists(#ttl) OR begins_with(#sk, :redo))")
                  .expressionAttributeNames(
                      Map.of(
                          "#pk", DynamoDbSchema.PARTITION_KEY,
                          "#sk", DynamoDbSchema.SORT_KEY,
                          "#ttl", DynamoDbSchema.TTL_ATTRIBUTE))
                  .expressionAttributeValues(
                      Map.of(
                          ":attempts", AttributeValue.fromS("#attempts"),
                          ":redo", AttributeValue.fromS(DynamoDbSchema.REDO_PREFIX)))
                  .exclusiveStartKey(startKey)
                  .build());
      page.items()
          .forEach(
              item ->
                  found.add(
                      item.get(DynamoDbSchema.PARTITION_KEY).s()
                          + " / "
                          + item.get(DynamoDbSchema.SORT_KEY).s()));
      startKey = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (startKey != null);
    return found;
  }
}
