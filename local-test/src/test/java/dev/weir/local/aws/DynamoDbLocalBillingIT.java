package dev.weir.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.store.dynamodb.RequestCounter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Real requests against DynamoDB Local, counted by a {@link RequestCounter} billing as {@link
 * DynamoDbLocalBilling} says: where DynamoDB Local reports otherwise than AWS bills (each such test
 * first shows what DynamoDB Local reports), the count is AWS's; where it agrees with AWS, the count
 * is what it reports. AWS's rules: "DynamoDB read and write operations" and "Amazon DynamoDB
 * Transactions: How it works" in the DynamoDB Developer Guide.
 */
class DynamoDbLocalBillingIT {
  private static final String INDEX = "by-group";
  private static String table;
  private static DynamoDbClient plain;

  @BeforeAll
  static void createTable() {
    plain = EmbeddedDynamoDb.get().client();
    table = "billing-" + UUID.randomUUID().toString().substring(0, 8);
    plain.createTable(
        r ->
            r.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk"), attribute("sk"), attribute("g"))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName(INDEX)
                        .keySchema(key("g", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .build()));
    put("present", "1", null, 100);
    put("present", "2", null, 100);
    put("big", "1", null, 2_500);
    for (int i = 0; i < 10; i++) {
      put("many", Integer.toString(i), null, 1_000);
    }
  }

  @Test
  void aBatchGetBillsEachMissingItemAsAGetOfAMissingItemWouldBe() {
    List<Map<String, AttributeValue>> keys =
        List.of(
            item("present", "1"),
            item("present", "2"),
            item("absent", "1"),
            item("absent", "2"),
            item("absent", "3"));
    // DynamoDB Local bills the two items it found, nothing for the three it did not.
    assertThat(
            plain
                .batchGetItem(
                    r ->
                        r.returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                            .requestItems(Map.of(table, strongly(keys))))
                .consumedCapacity()
                .get(0)
                .capacityUnits())
        .isEqualTo(2.0);

    assertThat(readUnits(c -> c.batchGetItem(r -> r.requestItems(Map.of(table, strongly(keys))))))
        .isEqualTo(5.0);
    assertThat(
            readUnits(
                c ->
                    c.batchGetItem(
                        r ->
                            r.requestItems(
                                Map.of(table, KeysAndAttributes.builder().keys(keys).build())))))
        .isEqualTo(2.5);
  }

  @Test
  void aQueryThatFindsNothingIsStillBilledARead() {
    Map<String, AttributeValue> none = Map.of(":p", AttributeValue.fromS("nothing-here"));
    // DynamoDB Local bills nothing for it.
    assertThat(
            plain
                .query(
                    r ->
                        r.tableName(table)
                            .keyConditionExpression("pk = :p")
                            .expressionAttributeValues(none)
                            .consistentRead(true)
                            .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
                .consumedCapacity()
                .capacityUnits())
        .isZero();

    assertThat(
            readUnits(
                c ->
                    c.query(
                        r ->
                            r.tableName(table)
                                .keyConditionExpression("pk = :p")
                                .expressionAttributeValues(none)
                                .consistentRead(true))))
        .isEqualTo(1.0);
    assertThat(
            readUnits(
                c ->
                    c.query(
                        r ->
                            r.tableName(table)
                                .keyConditionExpression("pk = :p")
                                .expressionAttributeValues(none))))
        .isEqualTo(0.5);
    assertThat(
            readUnits(
                c ->
                    c.query(
                        r ->
                            r.tableName(table)
                                .indexName(INDEX)
                                .keyConditionExpression("g = :p")
                                .expressionAttributeValues(none))))
        .isEqualTo(0.5);
  }

  @Test
  void aConditionalWriteThatFailsIsBilledTheStoredItemsWriteUnits() {
    // DynamoDB Local answers with an error and no capacity: a counter of its reports bills none.
    RequestCounter reported = new RequestCounter();
    assertThatThrownBy(() -> putIfAbsent(EmbeddedDynamoDb.get().client(reported), "big", "1"))
        .isInstanceOf(ConditionalCheckFailedException.class);
    assertThat(reported.total().writeUnits()).isZero();

    // The stored item is 2,500 bytes of value and a few of names: 3 write units.
    assertThat(writeUnits(c -> putIfAbsent(c, "big", "1"))).isEqualTo(3.0);
    assertThat(
            writeUnits(
                c ->
                    c.deleteItem(
                        r ->
                            r.tableName(table)
                                .key(item("absent", "9"))
                                .conditionExpression("attribute_exists(pk)"))))
        .isEqualTo(1.0);
  }

  @Test
  void whereDynamoDbLocalBillsAsAwsItsReportIsTakenAsItIs() {
    // A read of a missing item: 1 unit strongly consistent, half eventually.
    assertThat(
            readUnits(
                c ->
                    c.getItem(
                        r -> r.tableName(table).key(item("absent", "1")).consistentRead(true))))
        .isEqualTo(1.0);
    assertThat(readUnits(c -> c.getItem(r -> r.tableName(table).key(item("absent", "1")))))
        .isEqualTo(0.5);
    // A delete of a missing item: 1 write unit.
    assertThat(writeUnits(c -> c.deleteItem(r -> r.tableName(table).key(item("absent", "1")))))
        .isEqualTo(1.0);
    // A query's items are summed, then rounded up to 4 KB: ten 1 KB items, 3 units.
    assertThat(
            readUnits(
                c ->
                    c.query(
                        r ->
                            r.tableName(table)
                                .keyConditionExpression("pk = :p")
                                .expressionAttributeValues(
                                    Map.of(":p", AttributeValue.fromS("many")))
                                .consistentRead(true))))
        .isEqualTo(3.0);
    // A write that adds an index entry is billed on the index too, and moving it twice.
    assertThat(writeUnits(c -> c.putItem(r -> r.tableName(table).item(withGroup("g1", "A")))))
        .isEqualTo(2.0);
    assertThat(writeUnits(c -> c.putItem(r -> r.tableName(table).item(withGroup("g1", "B")))))
        .isEqualTo(3.0);
    // A transaction's writes are billed twice, its index writes too.
    assertThat(
            writeUnits(
                c ->
                    c.transactWriteItems(
                        r ->
                            r.transactItems(
                                TransactWriteItem.builder()
                                    .put(p -> p.tableName(table).item(item("tx", "1")))
                                    .build(),
                                TransactWriteItem.builder()
                                    .put(p -> p.tableName(table).item(withGroup("tx2", "T")))
                                    .build()))))
        .isEqualTo(6.0);
  }

  private static Map<String, AttributeValue> withGroup(String pk, String group) {
    return Map.of(
        "pk",
        AttributeValue.fromS(pk),
        "sk",
        AttributeValue.fromS("1"),
        "g",
        AttributeValue.fromS(group));
  }

  private static Object putIfAbsent(DynamoDbClient client, String pk, String sk) {
    return client.putItem(
        r -> r.tableName(table).item(item(pk, sk)).conditionExpression("attribute_not_exists(pk)"));
  }

  private static KeysAndAttributes strongly(List<Map<String, AttributeValue>> keys) {
    return KeysAndAttributes.builder().keys(keys).consistentRead(true).build();
  }

  /** The read units billed for what {@code call} sends, as the counter with the model counts. */
  private static double readUnits(java.util.function.Consumer<DynamoDbClient> call) {
    return count(call).readUnits();
  }

  private static double writeUnits(java.util.function.Consumer<DynamoDbClient> call) {
    return count(call).writeUnits();
  }

  private static RequestCounter.Usage count(java.util.function.Consumer<DynamoDbClient> call) {
    RequestCounter counter = new RequestCounter(DynamoDbLocalBilling.INSTANCE);
    try (DynamoDbClient client = EmbeddedDynamoDb.get().client(counter)) {
      call.accept(client);
    } catch (ConditionalCheckFailedException expected) {
      // billed all the same
    }
    RequestCounter.Usage usage = counter.total();
    assertThat(usage.requests()).isEqualTo(1);
    return usage;
  }

  private static void put(String pk, String sk, String group, int bytes) {
    Map<String, AttributeValue> item = new java.util.HashMap<>(item(pk, sk));
    item.put("d", AttributeValue.fromS("x".repeat(bytes)));
    if (group != null) {
      item.put("g", AttributeValue.fromS(group));
    }
    plain.putItem(r -> r.tableName(table).item(item));
  }

  private static Map<String, AttributeValue> item(String pk, String sk) {
    return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
