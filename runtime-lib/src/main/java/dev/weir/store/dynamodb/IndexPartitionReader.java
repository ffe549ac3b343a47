package dev.weir.store.dynamodb;

import static dev.weir.store.dynamodb.Attributes.s;

import dev.weir.timer.TimerRecord;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The due entries of one partition of a timer index after a position, in sort-key order, queried a
 * chunk at a time as they are taken. Its position is the sort key of the last entry taken (or the
 * one it started from): sort keys are unique in a partition, and the entry need not exist any more
 * for the next reader to resume after it.
 */
final class IndexPartitionReader {
  /** A timer index: its name, key attributes, and the prefix of the timer attributes it lists. */
  record Index(String name, String partitionKey, String sortKey, String prefix) {
    /** Timer items, and the earliest event-time timer of each key whose state is inline. */
    static final Index TIMERS =
        new Index(
            DynamoDbSchema.TIMER_INDEX,
            DynamoDbSchema.TIMER_INDEX_PARTITION_KEY,
            DynamoDbSchema.TIMER_INDEX_SORT_KEY,
            "");

    /** The earliest processing-time timer of each key whose state is inline. */
    static final Index INLINE_PROCESSING_TIMERS =
        new Index(
            DynamoDbSchema.INLINE_PROCESSING_TIMER_INDEX,
            DynamoDbSchema.INLINE_PROCESSING_TIMER_PARTITION_KEY,
            DynamoDbSchema.INLINE_PROCESSING_TIMER_SORT_KEY,
            DynamoDbSchema.PT_PREFIX);
  }

  private record Entry(TimerRecord timer, String sortKey) {}

  private final DynamoDbClient client;
  private final String table;
  private final Index index;
  private final String partition;
  private final String from;
  private final String before;
  private final int chunk;
  private final Deque<Entry> read = new ArrayDeque<>();
  private Map<String, AttributeValue> startKey;
  private boolean complete;
  private String position;

  /**
   * @param from the sort key to start after, or empty for the partition's first entry
   * @param before the due-time prefix of the clock: entries sorting before it are due
   */
  IndexPartitionReader(
      DynamoDbClient client,
      String table,
      Index index,
      String partition,
      String from,
      String before,
      int chunk) {
    this.client = client;
    this.table = table;
    this.index = index;
    this.partition = partition;
    this.from = from;
    this.before = before;
    this.chunk = chunk;
    this.position = from;
    // An entry's sort key is its due-time prefix and more, so one at or after the clock's prefix
    // is not due: past the cursor nothing is (and the query's range would be empty, which
    // DynamoDB refuses).
    this.complete = !from.isEmpty() && from.compareTo(before) >= 0;
  }

  /** True if a due entry follows the position; queries the next chunk if none is read yet. */
  boolean hasNext() {
    while (read.isEmpty() && !complete) {
      query();
    }
    return !read.isEmpty();
  }

  /** The next entry's timer, already read ({@link #hasNext()} said there is one). */
  TimerRecord peek() {
    return read.getFirst().timer();
  }

  TimerRecord take() {
    Entry next = read.removeFirst();
    position = next.sortKey();
    return next.timer();
  }

  String position() {
    return position;
  }

  private void query() {
    Map<String, String> names = Map.of("#p", index.partitionKey(), "#s", index.sortKey());
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":p", s(partition));
    values.put(":before", s(before));
    String condition;
    if (from.isEmpty()) {
      condition = "#p = :p AND #s < :before";
    } else {
      // Inclusive, as BETWEEN is: the entry at the cursor, if still there, is skipped below. The
      // upper bound equals no sort key (each has more after the due time), so it is exclusive.
      condition = "#p = :p AND #s BETWEEN :from AND :before";
      values.put(":from", s(from));
    }
    QueryResponse page =
        client.query(
            QueryRequest.builder()
                .tableName(table)
                .indexName(index.name())
                .keyConditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .limit(chunk)
                .exclusiveStartKey(startKey)
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                .build());
    for (Map<String, AttributeValue> item : page.items()) {
      String key = item.get(index.sortKey()).s();
      if (!key.equals(from)) {
        read.addLast(new Entry(TimerItems.record(item, index.prefix()), key));
      }
    }
    startKey = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    complete = startKey == null;
  }
}
