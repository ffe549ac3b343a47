package dev.weir.store.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * What one pipeline's key items hold, counted by kind: the read-only check that nothing is left
 * behind once every window has expired (tests, {@code ./weir faults}). It scans the whole table, so
 * it is for checks, never for the engine's path. Shard, watermark and failed-attempt items are
 * bookkeeping, not key state, and are not counted. The header of a key that holds nothing is
 * counted only while it lacks the TTL that deletes it once no replay can need it.
 */
public final class StoredState {
  /** Kinds of what a key may leave behind, as counted by {@link #of}. */
  public static final String INLINE_CELLS = "inline-cells";

  public static final String INLINE_TIMERS = "inline-timers";
  public static final String ENTRY_ITEMS = "entry-items";
  public static final String CLEAR_MARKERS = "clear-markers";
  public static final String TIMER_ITEMS = "timer-items";
  public static final String REDO_PARTS = "redo-parts";
  public static final String OPEN_COMMITS = "open-commits";

  /**
   * Items with a TTL that must not have one: state, timers, redo parts, headers of keys with state.
   */
  public static final String ITEMS_WITH_TTL = "items-with-ttl";

  /** Headers of keys stored inline that hold nothing, without a TTL: they would stay for good. */
  public static final String IDLE_HEADERS_KEPT = "idle-headers-kept";

  private static final int EXAMPLES = 10;

  /** The count by kind (only kinds found) and up to ten examples ({@code pk / sk}) for messages. */
  public record Inventory(Map<String, Long> byKind, List<String> examples) {
    public Inventory {
      byKind = Map.copyOf(byKind);
      examples = List.copyOf(examples);
    }

    /** Cells, timers and items of any kind left, in total. */
    public long total() {
      return byKind.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private StoredState() {}

  /** What the keys of {@code schema}'s pipeline hold in its table now. */
  public static Inventory of(DynamoDbClient client, DynamoDbSchema schema) {
    Map<String, Long> byKind = new TreeMap<>();
    List<String> examples = new ArrayList<>();
    String prefix = schema.pipeline() + "#";
    ScanRequest scan =
        ScanRequest.builder()
            .tableName(schema.table())
            .consistentRead(true)
            .filterExpression("begins_with(#pk, :prefix)")
            .expressionAttributeNames(Map.of("#pk", DynamoDbSchema.PARTITION_KEY))
            .expressionAttributeValues(Map.of(":prefix", AttributeValue.fromS(prefix)))
            .build();
    for (Map<String, AttributeValue> item : client.scanPaginator(scan).items()) {
      String partition = Attributes.string(item, DynamoDbSchema.PARTITION_KEY);
      if (isBookkeeping(schema, partition)) {
        continue;
      }
      List<String> kinds = kindsOf(item);
      kinds.forEach(kind -> byKind.merge(kind, 1L, Long::sum));
      if (!kinds.isEmpty() && examples.size() < EXAMPLES) {
        examples.add(
            partition + " / " + Attributes.string(item, DynamoDbSchema.SORT_KEY) + " " + kinds);
      }
    }
    return new Inventory(byKind, examples);
  }

  /**
   * When DynamoDB's TTL may delete the header of {@code keyId} (epoch seconds), or empty if it has
   * no TTL or no header.
   */
  public static OptionalLong headerExpiry(DynamoDbClient client, DynamoDbSchema schema, String id) {
    Map<String, AttributeValue> item =
        client
            .getItem(
                GetItemRequest.builder()
                    .tableName(schema.table())
                    .key(HeaderItems.key(schema, id))
                    .consistentRead(true)
                    .build())
            .item();
    AttributeValue expiresAt = item == null ? null : item.get(DynamoDbSchema.TTL_ATTRIBUTE);
    return expiresAt == null
        ? OptionalLong.empty()
        : OptionalLong.of(Long.parseLong(expiresAt.n()));
  }

  private static boolean isBookkeeping(DynamoDbSchema schema, String partition) {
    return partition.equals(schema.shardsPartition())
        || partition.equals(schema.watermarkPartition())
        || partition.equals(schema.attemptsPartition());
  }

  private static List<String> kindsOf(Map<String, AttributeValue> item) {
    List<String> kinds = new ArrayList<>();
    String sortKey = Attributes.string(item, DynamoDbSchema.SORT_KEY);
    boolean expires = item.containsKey(DynamoDbSchema.TTL_ATTRIBUTE);
    if (sortKey.equals(DynamoDbSchema.HEADER_SORT_KEY)) {
      AttributeValue inline = item.get(DynamoDbSchema.INLINE_STATE);
      if (inline != null) {
        InlineState state =
            InlineState.decode(
                Attributes.string(item, DynamoDbSchema.KEY_ID), inline.b().asByteArray());
        long cells = state.cells().values().stream().mapToLong(Map::size).sum();
        addTimes(kinds, INLINE_CELLS, cells);
        addTimes(kinds, INLINE_TIMERS, state.timers().size());
        boolean holdsNothing = state.isEmpty();
        if (holdsNothing && !expires) {
          kinds.add(IDLE_HEADERS_KEPT);
        } else if (!holdsNothing && expires) {
          kinds.add(ITEMS_WITH_TTL); // a key with state must never expire
        }
      }
      if (item.containsKey(DynamoDbSchema.OPEN_COMMITS)) {
        kinds.add(OPEN_COMMITS);
      }
      return kinds;
    }
    if (expires) {
      kinds.add(ITEMS_WITH_TTL);
    }
    if (sortKey.startsWith(DynamoDbSchema.REDO_PREFIX)) {
      kinds.add(REDO_PARTS);
    } else if (sortKey.startsWith(DynamoDbSchema.ENTRY_PREFIX)) {
      kinds.add(ENTRY_ITEMS);
    } else if (sortKey.startsWith(DynamoDbSchema.MARKER_PREFIX)) {
      kinds.add(CLEAR_MARKERS);
    } else if (sortKey.startsWith(DynamoDbSchema.TIMER_PREFIX)) {
      kinds.add(TIMER_ITEMS);
    }
    return kinds;
  }

  private static void addTimes(List<String> kinds, String kind, long times) {
    for (long i = 0; i < times; i++) {
      kinds.add(kind);
    }
  }
}
