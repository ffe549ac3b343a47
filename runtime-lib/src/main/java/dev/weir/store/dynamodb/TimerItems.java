package dev.weir.store.dynamodb;

import static dev.weir.store.dynamodb.Attributes.n;
import static dev.weir.store.dynamodb.Attributes.number;
import static dev.weir.store.dynamodb.Attributes.s;
import static dev.weir.store.dynamodb.Attributes.string;

import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Timers as the timer indexes list them: a timer item of its own (in its key-window's partition),
 * or an entry on the header item of a key whose state is inline (its earliest event-time timer
 * under the plain attribute names, its earliest processing-time one under {@code p}-prefixed names
 * in the second index).
 */
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
    item.putAll(
        indexEntry(
            timer,
            "",
            DynamoDbSchema.TIMER_INDEX_PARTITION_KEY,
            DynamoDbSchema.TIMER_INDEX_SORT_KEY,
            item.get(DynamoDbSchema.PARTITION_KEY).s()
                + "#"
                + item.get(DynamoDbSchema.SORT_KEY).s()));
    return item;
  }

  /** The attributes that list {@code timer} in a timer index, on the item named {@code itemId}. */
  Map<String, AttributeValue> indexEntry(
      TimerRecord timer, String prefix, String partitionKey, String sortKey, String itemId) {
    Map<String, AttributeValue> entry = new HashMap<>();
    entry.put(DynamoDbSchema.KEY_ID, s(timer.keyId()));
    entry.put(prefix + DynamoDbSchema.NAMESPACE, s(timer.key().namespace()));
    entry.put(prefix + DynamoDbSchema.FAMILY, s(timer.key().familyId()));
    entry.put(prefix + DynamoDbSchema.TIMER_ID, s(timer.key().timerId()));
    entry.put(prefix + DynamoDbSchema.DOMAIN, s(timer.domain().name()));
    entry.put(prefix + DynamoDbSchema.FIRE_AT, n(timer.fireAtMillis()));
    entry.put(prefix + DynamoDbSchema.OUTPUT_AT, n(timer.outputAtMillis()));
    if (!timer.armedBy().isEmpty()) {
      entry.put(prefix + DynamoDbSchema.ARMED_BY, s(timer.armedBy()));
    }
    entry.put(partitionKey, s(schema.timerIndexPartition(timer.domain(), timer.keyId())));
    entry.put(sortKey, s(DynamoDbSchema.timerIndexSortKey(timer.fireAtMillis(), itemId)));
    return entry;
  }

  static TimerRecord record(Map<String, AttributeValue> item) {
    return record(item, "");
  }

  static TimerRecord record(Map<String, AttributeValue> item, String prefix) {
    String armedBy = prefix + DynamoDbSchema.ARMED_BY;
    return new TimerRecord(
        string(item, DynamoDbSchema.KEY_ID),
        new TimerKey(
            string(item, prefix + DynamoDbSchema.NAMESPACE),
            string(item, prefix + DynamoDbSchema.FAMILY),
            string(item, prefix + DynamoDbSchema.TIMER_ID)),
        TimerDomain.valueOf(string(item, prefix + DynamoDbSchema.DOMAIN)),
        number(item, prefix + DynamoDbSchema.FIRE_AT),
        number(item, prefix + DynamoDbSchema.OUTPUT_AT),
        item.containsKey(armedBy) ? string(item, armedBy) : "");
  }
}
