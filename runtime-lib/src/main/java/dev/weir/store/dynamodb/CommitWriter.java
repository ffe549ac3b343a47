package dev.weir.store.dynamodb;

import static dev.weir.store.dynamodb.Attributes.b;
import static dev.weir.store.dynamodb.Attributes.n;
import static dev.weir.store.dynamodb.Attributes.s;

import dev.weir.store.CellMutation;
import dev.weir.store.CommitConflictException;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.dynamodb.RedoLog.OpenCommit;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Commits a key's changes. A key whose state is small lives in its header item ({@link
 * InlineState}): its commit is one {@code PutItem}, conditional on the version the work read, which
 * also carries the index entries of its earliest timers. A key that outgrows {@link
 * #MAX_INLINE_BYTES} moves, in that commit, to one item per state entry and timer for good; its
 * commits are then one conditional {@code TransactWriteItems}: the header (checked against the
 * version the work read), state entries and clear markers, timer writes, and timer claims (deletes
 * conditional on the due time read).
 *
 * <p>A commit larger than one transaction (100 items, 4 MB) is written as a redo log first ({@link
 * RedoLog}); its commit point is the header write that names the log open (conditional on the
 * version read, as always); it is then applied and closed ({@link RollForward}), by the committer
 * or, if that dies, by whoever reads the key next. Readers never see a commit half applied, and
 * nothing committed carries a TTL.
 */
final class CommitWriter {
  static final int MAX_TRANSACTION_ITEMS = 100;
  static final int MAX_TRANSACTION_BYTES = 4 * 1024 * 1024 - 64 * 1024;

  /**
   * Inline state is rewritten whole by every commit, at one write unit per KB: beyond this a key's
   * state is cheaper as separate items, where a commit writes only what changed.
   */
  static final int MAX_INLINE_BYTES = 8 * 1024;

  private final DynamoDbClient client;
  private final DynamoDbSchema schema;
  private final TimerItems timerItems;
  private final KeyLayouts layouts;
  private final StateReader reader;
  private final InlineWriter inlineWriter;
  private final RedoLog redoLog;
  private final RollForward rollForward;
  private final ExpiredNamespaceItems expiredItems;
  private final ReplayHorizon horizon;
  private final OwnWrites ownWrites;

  CommitWriter(
      DynamoDbClient client,
      DynamoDbSchema schema,
      KeyLayouts layouts,
      StateReader reader,
      RollForward rollForward,
      ReplayHorizon horizon) {
    this.client = client;
    this.schema = schema;
    this.timerItems = new TimerItems(schema);
    this.redoLog = new RedoLog(client, schema);
    this.rollForward = rollForward;
    this.layouts = layouts;
    this.reader = reader;
    this.ownWrites = new OwnWrites(client, schema);
    this.inlineWriter = new InlineWriter(client, schema, horizon, ownWrites);
    this.horizon = horizon;
    this.expiredItems = new ExpiredNamespaceItems(client, schema);
  }

  void commit(KeyCommit commit) {
    try {
      KeyLayouts.Layout layout =
          commit.expectedVersion() == 0
              ? new KeyLayouts.Layout(KeyHeader.NEW, InlineState.EMPTY)
              : reader.layout(
                  commit.keyId(),
                  new KeyHeader(
                      commit.expectedVersion(),
                      Map.of(),
                      commit.header().openCommits(),
                      Map.of(),
                      commit.header().generation()));
      if (!layout.isInline()) {
        layouts.remember(commit.keyId(), commitItems(commit, layout.live()));
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
        layouts.remember(commit.keyId(), new KeyLayouts.Layout(commit.header(), after));
        return;
      }
      // Outgrown: the whole state moves to items in this very commit, replacing the header item.
      KeyCommit moved =
          new KeyCommit(
              commit.keyId(),
              commit.expectedVersion(),
              commit.header(),
              after.asMutations(),
              after.timers(),
              List.of());
      layouts.remember(commit.keyId(), commitItems(moved, Set.of()));
    } catch (RuntimeException e) {
      layouts.forget(commit.keyId());
      throw e;
    }
  }

  /**
   * Commits a key spread over items; returns its layout after. A key whose windows (namespaces) all
   * expired holds no items any more: its header becomes an inline header again, with nothing in it,
   * and expires once no replay can need it.
   *
   * @param liveBefore the namespaces that may have items before the commit (null: not known)
   */
  private KeyLayouts.Layout commitItems(KeyCommit commit, Set<String> liveBefore) {
    Set<String> expiredWithTimers = new HashSet<>();
    List<WriteOp> ops = operations(commit, expiredWithTimers);
    Set<String> live = LiveNamespaces.after(commit, liveBefore, expiredWithTimers);
    boolean holdsNothing = live != null && live.isEmpty();
    KeyLayouts.Layout after =
        holdsNothing
            ? new KeyLayouts.Layout(commit.header(), InlineState.EMPTY)
            : new KeyLayouts.Layout(commit.header(), null, live);
    if (fitsOneTransaction(ops)) {
      List<TransactWriteItem> items = new ArrayList<>();
      ops.forEach(op -> items.add(op.toTransactItem(schema.table())));
      Map<String, AttributeValue> header = headerItem(commit, Set.of(), live);
      items.add(header(commit, header));
      transact(commit, items, header);
      return after;
    }
    OpenCommit open = redoLog.write(commit.keyId(), commit.header().version(), ops);
    putOpenHeader(commit, open, live);
    rollForward.complete(
        commit.keyId(),
        open,
        holdsNothing
            ? OptionalLong.of(horizon.expiresAtSeconds(commit.header()))
            : OptionalLong.empty());
    return after;
  }

  /**
   * The header item of a key spread over items: the namespaces that may have items, or, once none
   * may, an empty inline state (the key is inline again) and its TTL.
   */
  private Map<String, AttributeValue> headerItem(
      KeyCommit commit, Set<String> openCommits, Set<String> live) {
    boolean holdsNothing = live != null && live.isEmpty();
    Map<String, AttributeValue> item =
        HeaderItems.item(schema, commit, openCommits, horizon, holdsNothing);
    if (holdsNothing) {
      item.put(DynamoDbSchema.INLINE_STATE, b(InlineState.EMPTY.encode()));
    } else if (live != null) {
      item.put(DynamoDbSchema.LIVE_NAMESPACES, AttributeValue.fromSs(List.copyOf(live)));
    }
    return item;
  }

  private List<WriteOp> operations(KeyCommit commit, Set<String> expiredWithTimers) {
    long version = commit.header().version();
    List<WriteOp> ops = new ArrayList<>();
    for (CellMutation cell : commit.cells()) {
      String partition =
          cell.chunked()
              ? schema.chunkedPartition(commit.keyId(), cell.namespace(), cell.stateId())
              : schema.namespacePartition(commit.keyId(), cell.namespace());
      // An expired window's items are all deleted below, so its cleared cells need no marker.
      if (cell.cleared() && !commit.expiredNamespaces().containsKey(cell.namespace())) {
        ops.add(WriteOp.put(marker(partition, cell.stateId(), version)));
      }
      cell.puts()
          .forEach(
              (subKey, value) ->
                  ops.add(WriteOp.put(entry(partition, cell.stateId(), subKey, value, version))));
      for (String subKey : cell.deletes()) {
        ops.add(WriteOp.delete(itemKey(partition, schema.entrySortKey(cell.stateId(), subKey))));
      }
    }
    for (TimerRecord timer : commit.timerPuts()) {
      ops.add(WriteOp.put(timerItems.item(timer)));
    }
    for (TimerRecord claimed : commit.timerDeletes()) {
      ops.add(WriteOp.claim(timerItems.key(claimed), claimed.fireAtMillis()));
    }
    addExpiredItemDeletes(commit, ops, expiredWithTimers);
    return ops;
  }

  /**
   * Deletes what is left of each expired window, unless this commit already writes the item, and
   * notes the windows that still have timer items once it is applied.
   */
  private void addExpiredItemDeletes(
      KeyCommit commit, List<WriteOp> ops, Set<String> expiredWithTimers) {
    if (commit.expiredNamespaces().isEmpty()) {
      return; // most commits: nothing to look up
    }
    Set<Map<String, AttributeValue>> touched = new HashSet<>();
    ops.forEach(op -> touched.add(itemKey(op.item())));
    Set<Map<String, AttributeValue>> claimed = new HashSet<>();
    commit.timerDeletes().forEach(timer -> claimed.add(timerItems.key(timer)));
    commit
        .expiredNamespaces()
        .forEach(
            (namespace, chunked) -> {
              ExpiredNamespaceItems.Found found =
                  expiredItems.of(commit.keyId(), namespace, chunked);
              for (var key : found.state()) {
                if (touched.add(key)) {
                  ops.add(WriteOp.delete(key));
                }
              }
              if (!claimed.containsAll(found.timers())) {
                expiredWithTimers.add(namespace);
              }
            });
  }

  private static Map<String, AttributeValue> itemKey(Map<String, AttributeValue> item) {
    return Map.of(
        DynamoDbSchema.PARTITION_KEY, item.get(DynamoDbSchema.PARTITION_KEY),
        DynamoDbSchema.SORT_KEY, item.get(DynamoDbSchema.SORT_KEY));
  }

  private static boolean fitsOneTransaction(List<WriteOp> ops) {
    int bytes = ops.stream().mapToInt(WriteOp::size).sum();
    return ops.size() + 1 <= MAX_TRANSACTION_ITEMS && bytes <= MAX_TRANSACTION_BYTES;
  }

  /**
   * The commit point of a large commit: the header at the new version, naming the redo log open,
   * conditional on the version the work read. If it loses the race the log is abandoned; but a
   * failed condition may be the SDK's retry of this very put, answered after it took effect, and
   * then the log is committed: it is deleted only once the header is known not to be ours. (A
   * header that is not ours, yet followed ours, was written by someone who read ours and so rolled
   * our log forward first: nothing of it is left to lose.)
   */
  private void putOpenHeader(KeyCommit commit, OpenCommit open, Set<String> live) {
    HeaderItems.Expected expected = HeaderItems.expectedVersion(commit);
    Map<String, AttributeValue> header = headerItem(commit, Set.of(open.entry()), live);
    try {
      client.putItem(
          PutItemRequest.builder()
              .tableName(schema.table())
              .item(header)
              .conditionExpression(expected.expression())
              .expressionAttributeNames(expected.names())
              .expressionAttributeValues(expected.values())
              .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
              .build());
    } catch (ConditionalCheckFailedException e) {
      if (ownWrites.storedHeader(commit.keyId(), header)) {
        return;
      }
      redoLog.delete(commit.keyId(), open);
      throw CommitConflictException.lostRace(commit, "");
    }
  }

  /**
   * Writes a commit that fits one transaction. A transaction cancelled by a failed condition or a
   * conflict lost its race unless its header, read again, is the one it wrote: then it is an
   * attempt resent after the transaction took effect.
   */
  private void transact(
      KeyCommit commit, List<TransactWriteItem> items, Map<String, AttributeValue> header) {
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
      if (!lostRace) {
        throw e;
      }
      if (!ownWrites.storedHeader(commit.keyId(), header)) {
        throw CommitConflictException.lostRace(commit, e.cancellationReasons().toString());
      }
    }
  }

  private TransactWriteItem header(KeyCommit commit, Map<String, AttributeValue> item) {
    HeaderItems.Expected expected = HeaderItems.expectedVersion(commit);
    Put put =
        Put.builder()
            .tableName(schema.table())
            .item(item)
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
    if (schema.keepsSubKey(stateId, subKey)) {
      item.put(DynamoDbSchema.ORIGINAL_SUB_KEY, s(subKey));
    }
    return item;
  }

  private static Map<String, AttributeValue> itemKey(String partition, String sortKey) {
    return Map.of(DynamoDbSchema.PARTITION_KEY, s(partition), DynamoDbSchema.SORT_KEY, s(sortKey));
  }
}
