package dev.weir.bench.baseline;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The table both baselines keep their buffers in: one item per key and window, hash key {@value
 * #PK} only, on-demand capacity as a user starting out would pick. Attributes: {@value #BUFFER} (a
 * list of the raw JSON records, as binary) and {@value #COUNT}.
 */
public final class BaselineTable {
  /** Hash key: {@code <key>#<window start millis>}. */
  public static final String PK = "pk";

  /** The buffered records: a list of binary values, each one record's JSON as it arrived. */
  public static final String BUFFER = "buffer";

  /** How many records the buffer holds (the post's {@code count} state). */
  public static final String COUNT = "count";

  private static final long ACTIVE_TIMEOUT_MILLIS = 120_000;

  private BaselineTable() {}

  /** How many items the table holds: buffers never flushed. A scan, for checks only. */
  public static long items(DynamoDbClient dynamo, String tableName) {
    return dynamo.scanPaginator(r -> r.tableName(tableName).select(Select.COUNT)).stream()
        .mapToLong(ScanResponse::count)
        .sum();
  }

  /** Creates the table and waits until it is active (DynamoDB Local: at once). */
  public static void create(DynamoDbClient dynamo, String tableName) {
    dynamo.createTable(
        r ->
            r.tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName(PK)
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build()));
    long deadline = System.currentTimeMillis() + ACTIVE_TIMEOUT_MILLIS;
    while (dynamo.describeTable(r -> r.tableName(tableName)).table().tableStatus()
        != TableStatus.ACTIVE) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("table " + tableName + " is not active after 2 minutes");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + tableName, e);
      }
    }
  }
}
