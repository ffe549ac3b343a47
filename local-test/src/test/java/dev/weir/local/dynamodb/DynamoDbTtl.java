package dev.weir.local.dynamodb;

import dev.weir.store.dynamodb.DynamoDbSchema;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Does what DynamoDB's TTL process does and DynamoDB Local does not: deletes the items whose TTL
 * attribute lies before {@code now}, each only if it is still expired when deleted (an item
 * rewritten without a TTL, or with a later one, in the meantime stays).
 */
final class DynamoDbTtl {
  private DynamoDbTtl() {}

  /** Deletes the expired items of {@code schema}'s pipeline as of {@code now}; returns how many. */
  static int deleteExpired(DynamoDbClient client, DynamoDbSchema schema, Instant now) {
    String table = schema.table();
    String attribute = DynamoDbSchema.TTL_ATTRIBUTE;
    AttributeValue nowSeconds = AttributeValue.fromN(Long.toString(now.getEpochSecond()));
    int deleted = 0;
    ScanRequest scan =
        ScanRequest.builder()
            .tableName(table)
            .filterExpression("#ttl < :now AND begins_with(#pk, :pipeline)")
            .expressionAttributeNames(
                Map.of("#ttl", attribute, "#pk", DynamoDbSchema.PARTITION_KEY))
            .expressionAttributeValues(
                Map.of(
                    ":now", nowSeconds, ":pipeline", AttributeValue.fromS(schema.pipeline() + "#")))
            .build();
    for (Map<String, AttributeValue> item : client.scanPaginator(scan).items()) {
      try {
        client.deleteItem(
            DeleteItemRequest.builder()
                .tableName(table)
                .key(
                    Map.of(
                        DynamoDbSchema.PARTITION_KEY, item.get(DynamoDbSchema.PARTITION_KEY),
                        DynamoDbSchema.SORT_KEY, item.get(DynamoDbSchema.SORT_KEY)))
                .conditionExpression("#ttl < :now")
                .expressionAttributeNames(Map.of("#ttl", attribute))
                .expressionAttributeValues(Map.of(":now", nowSeconds))
                .build());
        deleted++;
      } catch (ConditionalCheckFailedException e) {
        // rewritten since the scan: no longer expired
      }
    }
    return deleted;
  }
}
