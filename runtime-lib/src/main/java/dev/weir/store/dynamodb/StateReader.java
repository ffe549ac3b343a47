package dev.weir.store.dynamodb;

import static dev.weir.store.dynamodb.Attributes.n;
import static dev.weir.store.dynamodb.Attributes.number;
import static dev.weir.store.dynamodb.Attributes.s;
import static dev.weir.store.dynamodb.Attributes.string;

import dev.weir.store.CommitConflictException;
import dev.weir.store.KeyHeader;
import dev.weir.store.KeyLimitException;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Reads a key's header (one GetItem) and a key-window's cells and timers (one Query, paged). A
 * header naming a commit open is rolled forward first ({@link RollForward}), so what is read is
 * always a whole commit. Entries written before their cell's clear marker are dead: they are
 * skipped, and a few per read are deleted, each only if still dead, which is how {@code clear()}
 * stays one write.
 */
final class StateReader {
  /** Dead items deleted per namespace read, so a read never turns into a long cleanup. */
  static final int MAX_DEAD_DELETES_PER_READ = 25;

  /** DynamoDB's limit of keys per {@code BatchGetItem}. */
  static final int MAX_BATCH_GET = 100;

  private final DynamoDbClient client;
  private final DynamoDbSchema schema;
  private final KeyLayouts layouts;
  private final RollForward rollForward;

  StateReader(
      DynamoDbClient client, DynamoDbSchema schema, KeyLayouts layouts, RollForward rollForward) {
    this.client = client;
    this.schema = schema;
    this.layouts = layouts;
    this.rollForward = rollForward;
  }

  /** Reads the key's header item and learns its layout (state inline in it, or over items). */
  KeyHeader readHeader(String keyId) {
    Map<String, AttributeValue> item =
        client
            .getItem(
                GetItemRequest.builder()
                    .tableName(schema.table())
                    .key(HeaderItems.key(schema, keyId))
                    .consistentRead(true)
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build())
            .item();
    return header(keyId, item);
  }

  /** Reads the header items of several keys, 100 to a request. */
  Map<String, KeyHeader> readHeaders(Collection<String> keyIds) {
    Map<String, KeyHeader> headers = new HashMap<>();
    Map<String, String> keyIdsByPartition = new HashMap<>();
    List<String> all = new ArrayList<>(new LinkedHashSet<>(keyIds));
    for (int from = 0; from < all.size(); from += MAX_BATCH_GET) {
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      for (String keyId : all.subList(from, Math.min(all.size(), from + MAX_BATCH_GET))) {
        keyIdsByPartition.put(schema.headerPartition(keyId), keyId);
        keys.add(HeaderItems.key(schema, keyId));
      }
      Map<String, KeysAndAttributes> request =
          Map.of(
              schema.table(), KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
      for (int attempt = 0; !request.isEmpty(); attempt++) {
        if (attempt > 0) {
          pause(attempt);
        }
        BatchGetItemResponse response =
            client.batchGetItem(
                BatchGetItemRequest.builder()
                    .requestItems(request)
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build());
        for (Map<String, AttributeValue> item :
            response.responses().getOrDefault(schema.table(), List.of())) {
          String keyId = keyIdsByPartition.get(item.get(DynamoDbSchema.PARTITION_KEY).s());
          headers.put(keyId, header(keyId, item));
        }
        request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
      }
    }
    for (String keyId : all) {
      if (!headers.containsKey(keyId)) {
        headers.put(keyId, header(keyId, null));
      }
    }
    return headers;
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(Math.min(1_000, 10L << Math.min(attempt, 6)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading key headers", e);
    }
  }

  private KeyHeader header(String keyId, Map<String, AttributeValue> item) {
    if (item == null || item.isEmpty()) {
      layouts.remember(keyId, new KeyLayouts.Layout(KeyHeader.NEW, InlineState.EMPTY));
      return KeyHeader.NEW;
    }
    Map<String, String> applied = new HashMap<>();
    AttributeValue appliedMap = item.get(DynamoDbSchema.APPLIED);
    if (appliedMap != null && appliedMap.hasM()) {
      appliedMap.m().forEach((shard, seq) -> applied.put(shard, seq.s()));
    }
    AttributeValue open = item.get(DynamoDbSchema.OPEN_COMMITS);
    if (open != null && open.hasSs()) {
      // A large commit whose writer died before applying it in full: finish it before any read.
      open.ss().forEach(entry -> rollForward.complete(keyId, RedoLog.OpenCommit.parse(entry)));
    }
    Map<String, Long> arrivals = new HashMap<>();
    AttributeValue arrivalMap = item.get(DynamoDbSchema.APPLIED_ARRIVALS);
    if (arrivalMap != null && arrivalMap.hasM()) {
      arrivalMap.m().forEach((shard, millis) -> arrivals.put(shard, Long.parseLong(millis.n())));
    }
    AttributeValue generation = item.get(DynamoDbSchema.GENERATION);
    KeyHeader header =
        new KeyHeader(
            number(item, DynamoDbSchema.VERSION),
            applied,
            Set.of(),
            arrivals,
            generation == null ? 0 : Long.parseLong(generation.n()));
    AttributeValue inline = item.get(DynamoDbSchema.INLINE_STATE);
    AttributeValue live = item.get(DynamoDbSchema.LIVE_NAMESPACES);
    layouts.remember(
        keyId,
        new KeyLayouts.Layout(
            header,
            inline == null ? null : InlineState.decode(keyId, inline.b().asByteArray()),
            live == null || !live.hasSs() ? null : Set.copyOf(live.ss())));
    return header;
  }

  /**
   * The key's layout at {@code header}'s version, reading the header item if it is not known; a key
   * that has moved on since {@code header} conflicts, so the work is redone on fresh state.
   */
  KeyLayouts.Layout layout(String keyId, KeyHeader header) {
    KeyLayouts.Layout layout = layouts.at(keyId, header);
    if (layout == null) {
      readHeader(keyId);
      layout = layouts.at(keyId, header);
    }
    if (layout == null) {
      throw new CommitConflictException(
          "key " + keyId + " moved on from version " + header.version() + " while being read");
    }
    return layout;
  }

  /** The windows with due timers of a key whose state is inline and known at {@code header}. */
  Set<String> namespacesWithDueTimers(
      String keyId, KeyHeader header, long watermarkMillis, long nowMillis) {
    KeyLayouts.Layout layout = layouts.at(keyId, header);
    if (layout == null || !layout.isInline()) {
      return Set.of();
    }
    Set<String> namespaces = new HashSet<>();
    for (TimerRecord timer : layout.inline().timers()) {
      if (timer.isDueAt(timer.domain() == TimerDomain.EVENT_TIME ? watermarkMillis : nowMillis)) {
        namespaces.add(timer.key().namespace());
      }
    }
    return namespaces;
  }

  /**
   * The key's cells and timers in {@code namespace}.
   *
   * @param maxBytes what the caller may still load: reading stops once past it (an inline key's
   *     state, a few KB at most, is not counted)
   */
  NamespaceSnapshot readNamespace(String keyId, KeyHeader header, String namespace, long maxBytes) {
    if (neverCommitted(header)) {
      return NamespaceSnapshot.EMPTY;
    }
    KeyLayouts.Layout layout = layout(keyId, header);
    if (layout.isInline()) {
      return layout.inline().snapshot(namespace);
    }
    return readPartition(schema.namespacePartition(keyId, namespace), header, keyId, maxBytes);
  }

  /** A chunked cell's entries, reading at most {@code maxBytes} as {@link #readNamespace}. */
  NavigableMap<String, byte[]> readChunkedCell(
      String keyId, KeyHeader header, String namespace, String stateId, long maxBytes) {
    if (neverCommitted(header)) {
      return new TreeMap<>();
    }
    KeyLayouts.Layout layout = layout(keyId, header);
    if (layout.isInline()) {
      return layout.inline().chunkedCell(namespace, stateId);
    }
    return readPartition(
            schema.chunkedPartition(keyId, namespace, stateId), header, keyId, maxBytes)
        .cells()
        .getOrDefault(stateId, new TreeMap<>());
  }

  /**
   * A key whose header was never committed has no visible state: whatever items a failed first
   * commit left behind were written at a later version or ahead of it, so a read would skip them.
   * Not reading saves a query for every new key, which is most keys of a wide workload.
   */
  private static boolean neverCommitted(KeyHeader header) {
    return header.version() == 0 && header.openCommits().isEmpty();
  }

  private NamespaceSnapshot readPartition(
      String partition, KeyHeader header, String keyId, long maxBytes) {
    Map<String, Long> clearedAt = new HashMap<>();
    List<Map<String, AttributeValue>> entries = new ArrayList<>();
    List<TimerRecord> timers = new ArrayList<>();
    QueryRequest query =
        QueryRequest.builder()
            .tableName(schema.table())
            .keyConditionExpression("#pk = :pk")
            .expressionAttributeNames(Map.of("#pk", DynamoDbSchema.PARTITION_KEY))
            .expressionAttributeValues(Map.of(":pk", s(partition)))
            .consistentRead(true)
            .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
            .build();
    long read = 0;
    for (Map<String, AttributeValue> item : client.queryPaginator(query).items()) {
      read += Attributes.size(item);
      if (read > maxBytes) {
        // Pages are fetched as iterated: stopping here reads nothing more of a huge partition.
        throw new KeyLimitException(
            KeyLimitException.Limit.STATE_TOO_LARGE,
            String.format(
                "reading key %s's items passed the %,d bytes its work may still load",
                keyId.length() <= 64 ? keyId : keyId.substring(0, 64) + "…", maxBytes));
      }
      String sortKey = string(item, DynamoDbSchema.SORT_KEY);
      if (sortKey.startsWith(DynamoDbSchema.TIMER_PREFIX)) {
        timers.add(TimerItems.record(item));
      } else if (sortKey.startsWith(DynamoDbSchema.MARKER_PREFIX)) {
        if (number(item, DynamoDbSchema.CLEARED_AT) <= header.version()) {
          clearedAt.merge(
              string(item, DynamoDbSchema.STATE_ID),
              number(item, DynamoDbSchema.CLEARED_AT),
              Math::max);
        }
      } else if (sortKey.startsWith(DynamoDbSchema.ENTRY_PREFIX)) {
        entries.add(item);
      }
    }

    Map<String, NavigableMap<String, byte[]>> cells = new HashMap<>();
    List<Map<String, AttributeValue>> dead = new ArrayList<>();
    for (Map<String, AttributeValue> item : entries) {
      String stateId = string(item, DynamoDbSchema.STATE_ID);
      long writtenAt = number(item, DynamoDbSchema.WRITTEN_AT);
      if (writtenAt > header.version()) {
        continue; // from a commit after the header we read; that commit will conflict with ours
      }
      if (writtenAt < clearedAt.getOrDefault(stateId, Long.MIN_VALUE)) {
        dead.add(item);
        continue;
      }
      String subKey = string(item, DynamoDbSchema.ORIGINAL_SUB_KEY);
      if (subKey == null) {
        subKey =
            string(item, DynamoDbSchema.SORT_KEY).substring(schema.entryPrefix(stateId).length());
      }
      cells
          .computeIfAbsent(stateId, id -> new TreeMap<>())
          .put(subKey, Attributes.bytes(item, DynamoDbSchema.VALUE));
    }
    deleteDead(dead);
    return new NamespaceSnapshot(cells, timers);
  }

  private void deleteDead(List<Map<String, AttributeValue>> dead) {
    for (Map<String, AttributeValue> item :
        dead.subList(0, Math.min(dead.size(), MAX_DEAD_DELETES_PER_READ))) {
      try {
        client.deleteItem(
            DeleteItemRequest.builder()
                .tableName(schema.table())
                .key(
                    Map.of(
                        DynamoDbSchema.PARTITION_KEY, item.get(DynamoDbSchema.PARTITION_KEY),
                        DynamoDbSchema.SORT_KEY, item.get(DynamoDbSchema.SORT_KEY)))
                .conditionExpression("#wv = :wv")
                .expressionAttributeNames(Map.of("#wv", DynamoDbSchema.WRITTEN_AT))
                .expressionAttributeValues(
                    Map.of(":wv", n(number(item, DynamoDbSchema.WRITTEN_AT))))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                .build());
      } catch (ConditionalCheckFailedException rewritten) {
        // Written again since we read it: alive, keep it.
      }
    }
  }
}
