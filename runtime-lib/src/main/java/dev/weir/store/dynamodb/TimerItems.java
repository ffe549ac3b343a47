package dev.weir.store.dynamodb;

import static dev.weir.store.dynamodb.Attributes.n;
import static dev.weir.store.dynamodb.Attributes.number;
import static dev.weir.store.dynamodb.Attributes.s;
import static dev.weir.store.dynamodb.Attributes.string;

import dev.weir.store.TimerDomain;
import dev.weir.store.TimerKey;
import dev.weir.store.TimerRecord;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Timers as items: in their key-window's partition, indexed by the GSI while pending. */
final class TimerItems {
  private final DynamoDbSchema schema;

  TimerItems(DynamoDbSchema schema) {
    this.schema = schema;
  }

  Map<String, AttributeValue> key(TimerRecord timer) {
    return Map.of(
        DynamoDbSchema.PARTITION_KEY,
        s(schema.namespacePartition(timer.keyId(), timer.key().namespace())),
        DynamoDbSchema.SORT_KEY,
        s(schema.timerSortKey(timer.key().familyId(), timer.key().timerId())));
  }

  Map<String, AttributeValue> item(TimerRecord timer) {
    Map<String, AttributeValue> item = new HashMap<>(key(timer));
    item.put(DynamoDbSchema.KEY_ID, s(timer.keyId()));
    item.put(DynamoDbSchema.NAMESPACE, s(timer.key().namespace()));
    item.put(DynamoDbSchema.FAMILY, s(timer.key().familyId()));
    item.put(DynamoDbSchema.TIMER_ID, s(timer.key().timerId()));
    item.put(DynamoDbSchema.DOMAIN, s(timer.domain().name()));
    item.put(DynamoDbSchema.FIRE_AT, n(timer.fireAtMillis()));
    item.put(DynamoDbSchema.OUTPUT_AT, n(timer.outputAtMillis()));
    if (!timer.armedBy().isEmpty()) {
      item.put(DynamoDbSchema.ARMED_BY, s(timer.armedBy()));
    }
    item.put(
        DynamoDbSchema.TIMER_INDEX_PARTITION_KEY,
        s(schema.timerIndexPartition(timer.domain(), timer.keyId())));
    item.put(
        DynamoDbSchema.TIMER_INDEX_SORT_KEY,
        s(
            DynamoDbSchema.dueTimePrefix(timer.fireAtMillis())
                + "#"
                + item.get(DynamoDbSchema.PARTITION_KEY).s()
                + "#"
                + item.get(DynamoDbSchema.SORT_KEY).s()));
    return item;
  }

  static TimerRecord record(Map<String, AttributeValue> item) {
    return new TimerRecord(
        string(item, DynamoDbSchema.KEY_ID),
        new TimerKey(
            string(item, DynamoDbSchema.NAMESPACE),
            string(item, DynamoDbSchema.FAMILY),
            string(item, DynamoDbSchema.TIMER_ID)),
        TimerDomain.valueOf(string(item, DynamoDbSchema.DOMAIN)),
        number(item, DynamoDbSchema.FIRE_AT),
        number(item, DynamoDbSchema.OUTPUT_AT),
        item.containsKey(DynamoDbSchema.ARMED_BY) ? string(item, DynamoDbSchema.ARMED_BY) : "");
  }
}
