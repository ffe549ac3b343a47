package dev.weir.store.dynamodb;

import static dev.weir.store.dynamodb.Attributes.b;
import static dev.weir.store.dynamodb.Attributes.n;
import static dev.weir.store.dynamodb.Attributes.s;

import dev.weir.store.CellMutation;
import dev.weir.store.CommitConflictException;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.TimerRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Commits a key's changes. A key whose state is small lives in its header item ({@link
 * InlineState}): its commit is one {@code PutItem}, conditional on the version the work read, which
 * also carries the index entries of its earliest timers. A key that outgrows {@link
 * #MAX_INLINE_BYTES} moves, in that commit, to one item per state entry and timer for good; its
 * commits are then one conditional {@code TransactWriteItems}: the header (checked against the
 * version the work read), state entries and clear markers, timer writes, and timer claims (deletes
 * conditional on the due time read).
 *
 * <p>A commit larger than one transaction (100 items, 4 MB) writes its new state entries first,
 * each marked with the commit's id and so invisible; the transaction then adds the id to the
 * header's open commits, which makes them visible at once; finally the marks are removed and the id
 * closed. If the transaction fails, the marked items stay invisible and expire by TTL.
 */
final class CommitWriter {
  static final int MAX_TRANSACTION_ITEMS = 100;
  static final int MAX_TRANSACTION_BYTES = 4 * 1024 * 1024 - 64 * 1024;
  static final long PENDING_ITEM_TTL_SECONDS = 7 * 24 * 3600;

  /**
   * Inline state is rewritten whole by every commit, at one write unit per KB: beyond this a key's
   * state is cheaper as separate items, where a commit writes only what changed.
   */
  static final int MAX_INLINE_BYTES = 8 * 1024;

  private final DynamoDbClient client;
  private final DynamoDbSchema schema;
  private final TimerItems timerItems;
  private final Clock clock;
  private final KeyLayouts layouts;
  private final StateReader reader;
  private final InlineWriter inlineWriter;

  CommitWriter(
      DynamoDbClient client,
      DynamoDbSchema schema,
      Clock clock,
      KeyLayouts layouts,
      StateReader reader) {
    this.client = client;
    this.schema = schema;
    this.timerItems = new TimerItems(schema);
    this.clock = clock;
    this.layouts = layouts;
    this.reader = reader;
    this.inlineWriter = new InlineWriter(client, schema);
  }

  void commit(KeyCommit commit) {
    long version = commit.header().version();
    try {
      KeyLayouts.Layout layout =
          commit.expectedVersion() == 0
              ? new KeyLayouts.Layout(0, InlineState.EMPTY)
              : reader.layout(
                  commit.keyId(),
                  new KeyHeader(commit.expectedVersion(), Map.of(), commit.header().openCommits()));
      if (!layout.isInline()) {
        commitItems(commit);
        layouts.remember(commit.keyId(), new KeyLayouts.Layout(version, null));
        return;
      }
      for (TimerRecord claimed : commit.timerDeletes()) {
        if (!layout.inline().hasTimer(claimed)) {
          throw new CommitConflictException(
              "timer " + claimed.key() + " of key " + commit.keyId() + " is no longer pending");
        }
      }
      InlineState after = layout.inline().apply(commit);
      byte[] encoded = after.encode();
      if (encoded.length <= MAX_INLINE_BYTES) {
        inlineWriter.put(commit, after, encoded);
        layouts.remember(commit.keyId(), new KeyLayouts.Layout(version, after));
        return;
      }
      // Outgrown: the whole state moves to items in this very commit, replacing the header item.
      commitItems(
          new KeyCommit(
              commit.keyId(),
              commit.expectedVersion(),
              commit.header(),
              after.asMutations(),
              after.timers(),
              List.of()));
      layouts.remember(commit.keyId(), new KeyLayouts.Layout(version, null));
    } catch (RuntimeException e) {
      layouts.forget(commit.keyId());
      throw e;
    }
  }

  private void commitItems(KeyCommit commit) {
    long version = commit.header().version();
    List<Map<String, AttributeValue>> entryPuts = new ArrayList<>();
    List<TransactWriteItem> fixed = new ArrayList<>();
    for (CellMutation cell : commit.cells()) {
      String partition =
          cell.chunked()
              ? schema.chunkedPartition(commit.keyId(), cell.namespace(), cell.stateId())
              : schema.namespacePartition(commit.keyId(), cell.namespace());
      if (cell.cleared()) {
        fixed.add(put(marker(partition, cell.stateId(), version)));
      }
      cell.puts()
          .forEach(
              (subKey, value) ->
                  entryPuts.add(entry(partition, cell.stateId(), subKey, value, version)));
      for (String subKey : cell.deletes()) {
        fixed.add(
            TransactWriteItem.builder()
                .delete(
                    Delete.builder()
                        .tableName(schema.table())
                        .key(itemKey(partition, schema.entrySortKey(cell.stateId(), subKey)))
                        .build())
                .build());
      }
    }
    for (TimerRecord timer : commit.timerPuts()) {
      fixed.add(put(timerItems.item(timer)));
    }
    for (TimerRecord claimed : commit.timerDeletes()) {
      fixed.add(
          TransactWriteItem.builder()
              .delete(
                  Delete.builder()
                      .tableName(schema.table())
                      .key(timerItems.key(claimed))
                      .conditionExpression("#fire = :fire")
                      .expressionAttributeNames(Map.of("#fire", DynamoDbSchema.FIRE_AT))
                      .expressionAttributeValues(Map.of(":fire", n(claimed.fireAtMillis())))
                      .build())
              .build());
    }

    Set<String> openCommits = new HashSet<>(commit.header().openCommits());
    List<Map<String, AttributeValue>> aheadOfHeader = List.of();
    String commitId = null;
    if (!fitsOneTransaction(fixed, entryPuts)) {
      commitId = UUID.randomUUID().toString();
      aheadOfHeader = writeAhead(commit, fixed, entryPuts, commitId);
      openCommits.add(commitId);
    }
    List<TransactWriteItem> items = new ArrayList<>(fixed);
    entryPuts.forEach(item -> items.add(put(item)));
    items.add(header(commit, openCommits));
    transact(commit, items);
    if (commitId != null) {
      finalizeAhead(commit, aheadOfHeader, commitId);
    }
  }

  private boolean fitsOneTransaction(
      List<TransactWriteItem> fixed, List<Map<String, AttributeValue>> entryPuts) {
    int bytes = entryPuts.stream().mapToInt(Attributes::size).sum() + fixed.size() * 1024;
    return fixed.size() + entryPuts.size() + 1 <= MAX_TRANSACTION_ITEMS
        && bytes <= MAX_TRANSACTION_BYTES;
  }

  /**
   * Writes the largest new entries ahead of the header, invisible until it commits, until the rest
   * fits one transaction. An entry that already exists (an overwrite) cannot be written ahead
   * without hiding its current value, so it stays in the transaction.
   */
  private List<Map<String, AttributeValue>> writeAhead(
      KeyCommit commit,
      List<TransactWriteItem> fixed,
      List<Map<String, AttributeValue>> entryPuts,
      String commitId) {
    entryPuts.sort(Comparator.comparingInt(Attributes::size).reversed());
    List<Map<String, AttributeValue>> ahead = new ArrayList<>();
    List<Map<String, AttributeValue>> overwrites = new ArrayList<>();
    long expiresAt = clock.instant().getEpochSecond() + PENDING_ITEM_TTL_SECONDS;
    while (!entryPuts.isEmpty() && !fitsOneTransaction(fixed, concat(entryPuts, overwrites))) {
      Map<String, AttributeValue> item = new HashMap<>(entryPuts.remove(0));
      item.put(DynamoDbSchema.PENDING_COMMIT, s(commitId));
      item.put(DynamoDbSchema.TTL_ATTRIBUTE, n(expiresAt));
      try {
        client.putItem(
            PutItemRequest.builder()
                .tableName(schema.table())
                .item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", DynamoDbSchema.PARTITION_KEY))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .build());
        ahead.add(item);
      } catch (ConditionalCheckFailedException exists) {
        item.remove(DynamoDbSchema.PENDING_COMMIT);
        item.remove(DynamoDbSchema.TTL_ATTRIBUTE);
        overwrites.add(item);
      }
    }
    entryPuts.addAll(overwrites);
    if (!fitsOneTransaction(fixed, entryPuts)) {
      throw new IllegalStateException(
          "commit of key "
              + commit.keyId()
              + " changes "
              + (fixed.size() + entryPuts.size())
              + " existing items or deletes, more than one DynamoDB transaction holds;"
              + " split the work into smaller bundles");
    }
    return ahead;
  }

  private static List<Map<String, AttributeValue>> concat(
      List<Map<String, AttributeValue>> a, List<Map<String, AttributeValue>> b) {
    List<Map<String, AttributeValue>> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private void finalizeAhead(
      KeyCommit commit, List<Map<String, AttributeValue>> ahead, String commitId) {
    for (Map<String, AttributeValue> item : ahead) {
      try {
        client.updateItem(
            UpdateItemRequest.builder()
                .tableName(schema.table())
                .key(
                    itemKey(
                        item.get(DynamoDbSchema.PARTITION_KEY).s(),
                        item.get(DynamoDbSchema.SORT_KEY).s()))
                .updateExpression("REMOVE #pc, #ttl")
                .conditionExpression("#pc = :pc")
                .expressionAttributeNames(
                    Map.of(
                        "#pc", DynamoDbSchema.PENDING_COMMIT, "#ttl", DynamoDbSchema.TTL_ATTRIBUTE))
                .expressionAttributeValues(Map.of(":pc", s(commitId)))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .build());
      } catch (ConditionalCheckFailedException gone) {
        // Deleted or rewritten by a later commit: nothing left to finalise.
      }
    }
    client.updateItem(
        UpdateItemRequest.builder()
            .tableName(schema.table())
            .key(itemKey(schema.headerPartition(commit.keyId()), DynamoDbSchema.HEADER_SORT_KEY))
            .updateExpression("DELETE #open :id")
            .expressionAttributeNames(Map.of("#open", DynamoDbSchema.OPEN_COMMITS))
            .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(commitId))))
            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
            .build());
  }

  private void transact(KeyCommit commit, List<TransactWriteItem> items) {
    try {
      client.transactWriteItems(
          TransactWriteItemsRequest.builder()
              .transactItems(items)
              .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
              .build());
    } catch (TransactionCanceledException e) {
      boolean lostRace =
          e.cancellationReasons().stream()
              .map(CancellationReason::code)
              .anyMatch(c -> "ConditionalCheckFailed".equals(c) || "TransactionConflict".equals(c));
      if (lostRace) {
        throw new CommitConflictException(
            "commit of key "
                + commit.keyId()
                + " at version "
                + commit.expectedVersion()
                + " lost a race: "
                + e.cancellationReasons());
      }
      throw e;
    }
  }

  private TransactWriteItem header(KeyCommit commit, Set<String> openCommits) {
    HeaderItems.Expected expected = HeaderItems.expectedVersion(commit);
    Put put =
        Put.builder()
            .tableName(schema.table())
            .item(HeaderItems.item(schema, commit, openCommits))
            .conditionExpression(expected.expression())
            .expressionAttributeNames(expected.names())
            .expressionAttributeValues(expected.values())
            .build();
    return TransactWriteItem.builder().put(put).build();
  }

  private Map<String, AttributeValue> marker(String partition, String stateId, long version) {
    Map<String, AttributeValue> item =
        new HashMap<>(itemKey(partition, schema.markerSortKey(stateId)));
    item.put(DynamoDbSchema.STATE_ID, s(stateId));
    item.put(DynamoDbSchema.CLEARED_AT, n(version));
    return item;
  }

  private Map<String, AttributeValue> entry(
      String partition, String stateId, String subKey, byte[] value, long version) {
    Map<String, AttributeValue> item =
        new HashMap<>(itemKey(partition, schema.entrySortKey(stateId, subKey)));
    item.put(DynamoDbSchema.STATE_ID, s(stateId));
    item.put(DynamoDbSchema.VALUE, b(value));
    item.put(DynamoDbSchema.WRITTEN_AT, n(version));
    if (DynamoDbSchema.isHashed(subKey)) {
      item.put(DynamoDbSchema.ORIGINAL_SUB_KEY, s(subKey));
    }
    return item;
  }

  private TransactWriteItem put(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder()
        .put(Put.builder().tableName(schema.table()).item(item).build())
        .build();
  }

  private static Map<String, AttributeValue> itemKey(String partition, String sortKey) {
    return Map.of(DynamoDbSchema.PARTITION_KEY, s(partition), DynamoDbSchema.SORT_KEY, s(sortKey));
  }
}
