package dev.weir.store.dynamodb;

import static dev.weir.store.dynamodb.Attributes.s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The state items of a key's expired window, found so that the commit that garbage-collects the
 * window deletes them: its live entries, the entries that clear markers made dead, and the markers.
 * Without this an expired window's cleared cells would stay as items for good, since the dead ones
 * go only when their namespace is read again, and an expired window never is. Timers stay: a
 * pending processing-time timer of the window still fires (and does nothing), as in Beam.
 */
final class ExpiredNamespaceItems {
  private final DynamoDbClient client;
  private final DynamoDbSchema schema;

  ExpiredNamespaceItems(DynamoDbClient client, DynamoDbSchema schema) {
    this.client = client;
    this.schema = schema;
  }

  /**
   * What an expired window still has in items.
   *
   * @param state the keys of every entry and marker item, in its own and its chunked cells
   * @param timers the keys of its timer items (pending processing-time timers)
   */
  record Found(List<Map<String, AttributeValue>> state, List<Map<String, AttributeValue>> timers) {}

  Found of(String keyId, String namespace, Set<String> chunked) {
    Found found = new Found(new ArrayList<>(), new ArrayList<>());
    in(schema.namespacePartition(keyId, namespace), found);
    for (String stateId : chunked) {
      in(schema.chunkedPartition(keyId, namespace, stateId), found);
    }
    return found;
  }

  private void in(String partition, Found found) {
    QueryRequest query =
        QueryRequest.builder()
            .tableName(schema.table())
            .keyConditionExpression("#pk = :pk")
            .projectionExpression("#pk, #sk")
            .expressionAttributeNames(
                Map.of("#pk", DynamoDbSchema.PARTITION_KEY, "#sk", DynamoDbSchema.SORT_KEY))
            .expressionAttributeValues(Map.of(":pk", s(partition)))
            .consistentRead(true)
            .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
            .build();
    for (Map<String, AttributeValue> key : client.queryPaginator(query).items()) {
      String sortKey = Attributes.string(key, DynamoDbSchema.SORT_KEY);
      if (sortKey.startsWith(DynamoDbSchema.ENTRY_PREFIX)
          || sortKey.startsWith(DynamoDbSchema.MARKER_PREFIX)) {
        found.state().add(key);
      } else if (sortKey.startsWith(DynamoDbSchema.TIMER_PREFIX)) {
        found.timers().add(key);
      }
    }
  }
}
