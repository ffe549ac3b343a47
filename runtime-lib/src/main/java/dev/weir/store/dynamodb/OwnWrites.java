package dev.weir.store.dynamodb;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Tells a conditional write that lost its race from one that won but was answered as if it had
 * lost. The SDK sends a request again when its answer is lost (a timeout, a 5xx): if the first
 * attempt took effect, the second fails the very condition the first made false, and the write
 * looks refused although it is in the table. Taking that for a lost race would abandon a committed
 * commit (its redo log deleted while the header names it) or redo work that is done.
 *
 * <p>So every such write carries a token no other write carries ({@link #newToken}), and before a
 * failed condition is taken for a lost race the item is read again, consistently: if it still holds
 * what the write put, token included, the write is ours and succeeded. (A transaction's retry is
 * usually recognised by DynamoDB itself, by the client request token the SDK gives it; the read
 * covers the rest.)
 */
final class OwnWrites {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DynamoDbClient client;
  private final DynamoDbSchema schema;

  OwnWrites(DynamoDbClient client, DynamoDbSchema schema) {
    this.client = client;
    this.schema = schema;
  }

  /**
   * A token for one write: random, so neither another container nor a retry of the same work after
   * a real lost race puts the same one.
   */
  static AttributeValue newToken() {
    return Attributes.n(RANDOM.nextLong());
  }

  /**
   * True if the item at {@code key}, read now, has every attribute of {@code written} as written
   * (name to value; include the write's token so that an equal write by another does not count).
   */
  boolean stored(Map<String, AttributeValue> key, Map<String, AttributeValue> written) {
    Map<String, String> names = new HashMap<>();
    StringBuilder projection = new StringBuilder();
    for (String attribute : written.keySet()) {
      String placeholder = "#a" + names.size();
      names.put(placeholder, attribute);
      projection.append(projection.length() == 0 ? "" : ", ").append(placeholder);
    }
    Map<String, AttributeValue> item =
        client
            .getItem(
                GetItemRequest.builder()
                    .tableName(schema.table())
                    .key(key)
                    .consistentRead(true)
                    .projectionExpression(projection.toString())
                    .expressionAttributeNames(names)
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build())
            .item();
    return item != null
        && written.entrySet().stream()
            .allMatch(attribute -> attribute.getValue().equals(item.get(attribute.getKey())));
  }

  /** True if {@code keyId}'s header is the one {@code header} put: same version, same token. */
  boolean storedHeader(String keyId, Map<String, AttributeValue> header) {
    return stored(
        HeaderItems.key(schema, keyId),
        Map.of(
            DynamoDbSchema.VERSION, header.get(DynamoDbSchema.VERSION),
            DynamoDbSchema.WRITE_TOKEN, header.get(DynamoDbSchema.WRITE_TOKEN)));
  }
}
