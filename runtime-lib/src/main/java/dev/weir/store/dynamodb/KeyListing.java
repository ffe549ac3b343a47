package dev.weir.store.dynamodb;

import dev.weir.store.KeyHeader;
import dev.weir.timer.TimerRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The keys of a pipeline and their windows, for tools: keys are found by scanning the pipeline's
 * header items (a read of the whole table, paid per item scanned; DynamoDB keeps no order across
 * partitions, so the ids are sorted here), windows from the key's header (an inline state's cells
 * and timers, or the windows a key spread over items keeps live).
 */
final class KeyListing {
  private final DynamoDbClient client;
  private final DynamoDbSchema schema;
  private final StateReader reader;

  KeyListing(DynamoDbClient client, DynamoDbSchema schema, StateReader reader) {
    this.client = client;
    this.schema = schema;
    this.reader = reader;
  }

  List<String> keyIds(String afterKeyId, int limit) {
    ScanRequest scan =
        ScanRequest.builder()
            .tableName(schema.table())
            .consistentRead(true)
            .filterExpression("begins_with(#pk, :prefix) AND #sk = :header")
            .expressionAttributeNames(
                Map.of("#pk", DynamoDbSchema.PARTITION_KEY, "#sk", DynamoDbSchema.SORT_KEY))
            .expressionAttributeValues(
                Map.of(
                    ":prefix", AttributeValue.fromS(schema.pipeline() + "#"),
                    ":header", AttributeValue.fromS(DynamoDbSchema.HEADER_SORT_KEY)))
            .build();
    TreeSet<String> held = new TreeSet<>();
    for (Map<String, AttributeValue> item : client.scanPaginator(scan).items()) {
      String keyId = Attributes.string(item, DynamoDbSchema.KEY_ID);
      if (keyId != null
          && (afterKeyId == null || keyId.compareTo(afterKeyId) > 0)
          && holdsAnything(keyId, item)) {
        held.add(keyId);
        if (held.size() > limit) {
          held.pollLast();
        }
      }
    }
    return List.copyOf(held);
  }

  Set<String> namespaces(String keyId, KeyHeader header) {
    if (header.version() == 0) {
      return Set.of();
    }
    KeyLayouts.Layout layout = reader.layout(keyId, header);
    Set<String> namespaces = new TreeSet<>();
    if (layout.isInline()) {
      namespaces.addAll(layout.inline().cells().keySet());
      layout.inline().timers().stream()
          .map(TimerRecord::key)
          .forEach(t -> namespaces.add(t.namespace()));
    } else if (layout.live() != null) {
      namespaces.addAll(layout.live());
    }
    return namespaces;
  }

  private static boolean holdsAnything(String keyId, Map<String, AttributeValue> header) {
    AttributeValue inline = header.get(DynamoDbSchema.INLINE_STATE);
    if (inline != null) {
      return !InlineState.decode(keyId, inline.b().asByteArray()).isEmpty();
    }
    AttributeValue live = header.get(DynamoDbSchema.LIVE_NAMESPACES);
    // a key spread over items without a live set predates it: list it rather than hide it
    return live == null || (live.hasSs() && !live.ss().isEmpty());
  }
}
