package dev.weir.store.dynamodb;

import static dev.weir.store.dynamodb.Attributes.n;
import static dev.weir.store.dynamodb.Attributes.s;

import dev.weir.store.AttemptLedger;
import dev.weir.store.KeyCatalog;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.store.ShardRecord;
import dev.weir.store.ShardStore;
import dev.weir.store.StateStore;
import dev.weir.store.Stores;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerIndex;
import dev.weir.timer.TimerPage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Every store port over one DynamoDB table (see {@link DynamoDbSchema}). Thread-safe: concurrent
 * invocations share one instance and one client; what it keeps in memory is the layout of recently
 * seen keys, bounded by bytes ({@link KeyLayouts}), which commits keep current.
 */
public final class DynamoDbStore
    implements StateStore, TimerIndex, ShardStore, AttemptLedger, KeyCatalog {
  private static final TableSchema<ShardItem> SHARD_SCHEMA = TableSchema.fromBean(ShardItem.class);

  private final DynamoDbClient client;
  private final DynamoDbSchema schema;

  /**
   * Heap for remembering keys' layouts (inline states, decoded), so commits need not read them: an
   * eighth of the heap (the state cache in front of this store takes a quarter).
   */
  static final long KEY_LAYOUT_BYTES = Runtime.getRuntime().maxMemory() / 8;

  private final StateReader reader;
  private final CommitWriter writer;
  private final KeyListing listing;
  private final OwnWrites ownWrites;
  private final DueTimerPages duePages;
  private final DynamoDbTable<ShardItem> shardTable;
  private final Clock clock;

  public DynamoDbStore(DynamoDbClient client, DynamoDbSchema schema) {
    this(client, schema, Clock.systemUTC());
  }

  /** {@code clock} sets the expiry of failed-attempt counts and of idle keys' headers. */
  public DynamoDbStore(DynamoDbClient client, DynamoDbSchema schema, Clock clock) {
    this(client, schema, ReplayHorizon.of(clock));
  }

  /**
   * A store that forgets what no replay can need any more: a shard's applied sequence number in a
   * key's header once its records are past {@code horizon}, and (by a TTL) the header of a key that
   * holds nothing once every record it applied is.
   */
  public DynamoDbStore(DynamoDbClient client, DynamoDbSchema schema, ReplayHorizon horizon) {
    Clock clock = horizon.clock();
    this.client = client;
    this.schema = schema;
    KeyLayouts layouts = new KeyLayouts(KEY_LAYOUT_BYTES);
    RollForward rollForward = new RollForward(client, schema, new RedoLog(client, schema));
    this.reader = new StateReader(client, schema, layouts, rollForward);
    this.writer = new CommitWriter(client, schema, layouts, reader, rollForward, horizon);
    this.listing = new KeyListing(client, schema, reader);
    this.ownWrites = new OwnWrites(client, schema);
    this.duePages = new DueTimerPages(client, schema);
    this.clock = clock;
    this.shardTable =
        DynamoDbEnhancedClient.builder()
            .dynamoDbClient(client)
            .build()
            .table(schema.table(), SHARD_SCHEMA);
  }

  public Stores asStores() {
    return new Stores(this, this, this, this);
  }

  /** This store, its usage counted by {@code counter} (installed on the client). */
  public Stores asStores(RequestCounter counter) {
    return new Stores(this, this, this, this, counter);
  }

  public DynamoDbSchema schema() {
    return schema;
  }

  @Override
  public List<String> keyIds(String afterKeyId, int limit) {
    return listing.keyIds(afterKeyId, limit);
  }

  @Override
  public Set<String> namespaces(String keyId, KeyHeader header) {
    return listing.namespaces(keyId, header);
  }

  @Override
  public KeyHeader readHeader(String keyId) {
    return reader.readHeader(keyId);
  }

  @Override
  public Map<String, KeyHeader> readHeaders(Collection<String> keyIds) {
    return reader.readHeaders(keyIds);
  }

  @Override
  public NamespaceSnapshot readNamespace(String keyId, KeyHeader header, String namespace) {
    return reader.readNamespace(keyId, header, namespace, Long.MAX_VALUE);
  }

  @Override
  public NamespaceSnapshot readNamespace(
      String keyId, KeyHeader header, String namespace, long maxBytes) {
    return reader.readNamespace(keyId, header, namespace, maxBytes);
  }

  @Override
  public Set<String> namespacesWithDueTimers(
      String keyId, KeyHeader header, long watermarkMillis, long nowMillis) {
    return reader.namespacesWithDueTimers(keyId, header, watermarkMillis, nowMillis);
  }

  @Override
  public NavigableMap<String, byte[]> readChunkedCell(
      String keyId, KeyHeader header, String namespace, String stateId) {
    return reader.readChunkedCell(keyId, header, namespace, stateId, Long.MAX_VALUE);
  }

  @Override
  public NavigableMap<String, byte[]> readChunkedCell(
      String keyId, KeyHeader header, String namespace, String stateId, long maxBytes) {
    return reader.readChunkedCell(keyId, header, namespace, stateId, maxBytes);
  }

  /** Each commit is at least one round trip to DynamoDB, and the client is thread-safe. */
  @Override
  public boolean commitsConcurrently() {
    return true;
  }

  @Override
  public void commit(KeyCommit commit) {
    writer.commit(commit);
  }

  /**
   * Pages through every bucket of the timer indexes ({@link DueTimerPages}); the indexes are
   * eventually consistent, so a timer may show up late or after it was fired: firing claims it
   * conditionally, which makes that harmless.
   */
  @Override
  public TimerPage dueTimers(TimerDomain domain, long clockMillis, int limit, String after) {
    return duePages.page(domain, clockMillis, limit, after);
  }

  @Override
  public Optional<ShardRecord> shard(String shardId) {
    return Optional.ofNullable(
            shardTable.getItem(
                r ->
                    r.key(
                            Key.builder()
                                .partitionValue(schema.shardsPartition())
                                .sortValue(shardId)
                                .build())
                        .consistentRead(true)))
        .map(DynamoDbStore::record);
  }

  @Override
  public List<ShardRecord> shards() {
    List<ShardRecord> shards = new ArrayList<>();
    shardTable
        .query(
            r ->
                r.queryConditional(
                        QueryConditional.keyEqualTo(
                            Key.builder().partitionValue(schema.shardsPartition()).build()))
                    .consistentRead(true))
        .items()
        .forEach(item -> shards.add(record(item)));
    return shards;
  }

  /** The stored shard item is still what {@code read} was read from (a topology change counts). */
  private Expression unchangedSince(ShardRecord read) {
    Expression.Builder condition =
        Expression.builder()
            .putExpressionName("#wm", DynamoDbSchema.SHARD_WATERMARK)
            .putExpressionName("#et", DynamoDbSchema.SHARD_MAX_EVENT_TIME)
            .putExpressionName("#seq", DynamoDbSchema.SHARD_LAST_SEQUENCE)
            .putExpressionName("#closed", DynamoDbSchema.SHARD_CLOSED)
            .putExpressionName("#holds", DynamoDbSchema.SHARD_HOLDS)
            .putExpressionName("#leases", DynamoDbSchema.SHARD_LEASES)
            .putExpressionName("#verified", DynamoDbSchema.SHARD_VERIFIED)
            .putExpressionName("#writer", DynamoDbSchema.SHARD_WRITER)
            .putExpressionValue(":wm", n(read.watermarkMillis()))
            .putExpressionValue(":et", n(read.maxEventTimeMillis()))
            .putExpressionValue(":closed", AttributeValue.fromBool(read.closed()));
    String expression = "#wm = :wm AND #et = :et AND #closed = :closed";
    if (read.lastSequenceNumber() == null) {
      expression += " AND attribute_not_exists(#seq)";
    } else {
      expression += " AND #seq = :seq";
      condition.putExpressionValue(":seq", s(read.lastSequenceNumber()));
    }
    String holds = ShardItem.encodeHolds(read.holds());
    if (holds == null) {
      expression += " AND attribute_not_exists(#holds)";
    } else {
      expression += " AND #holds = :holds";
      condition.putExpressionValue(":holds", s(holds));
    }
    String leases = LeaseCodec.encode(read.leases());
    if (leases == null) {
      expression += " AND attribute_not_exists(#leases)";
    } else {
      expression += " AND #leases = :leases";
      condition.putExpressionValue(":leases", s(leases));
    }
    String verified = ShardItem.encodeVerified(read.verified());
    if (verified == null) {
      expression += " AND attribute_not_exists(#verified)";
    } else {
      expression += " AND #verified = :verified";
      condition.putExpressionValue(":verified", s(verified));
    }
    if (read.writer() == null) {
      expression += " AND attribute_not_exists(#writer)";
    } else {
      expression += " AND #writer = :writer";
      condition.putExpressionValue(":writer", s(read.writer()));
    }
    return condition.expression(expression).build();
  }

  private ShardItem shardItem(ShardRecord record) {
    ShardItem item = new ShardItem();
    item.setPartition(schema.shardsPartition());
    item.setShardId(record.shardId());
    item.setWatermark(record.watermarkMillis());
    item.setMaxEventTime(record.maxEventTimeMillis());
    item.setLastSequenceNumber(record.lastSequenceNumber());
    item.setParentShardIds(record.parentShardIds());
    item.setClosed(record.closed());
    item.setHolds(ShardItem.encodeHolds(record.holds()));
    item.setLeases(LeaseCodec.encode(record.leases()));
    item.setVerified(ShardItem.encodeVerified(record.verified()));
    item.setWriter(record.writer());
    return item;
  }

  /**
   * A failed condition may be the SDK's retry of this very put, answered after it took effect: the
   * put counts as done if the record now stored is {@code next} (it is then what this lane wanted,
   * whoever wrote it).
   */
  @Override
  public boolean replaceShard(Optional<ShardRecord> expected, ShardRecord next) {
    Expression condition =
        expected
            .map(this::unchangedSince)
            .orElseGet(
                () ->
                    Expression.builder()
                        .expression("attribute_not_exists(#pk)")
                        .putExpressionName("#pk", DynamoDbSchema.PARTITION_KEY)
                        .build());
    try {
      shardTable.putItem(
          PutItemEnhancedRequest.builder(ShardItem.class)
              .item(shardItem(next))
              .conditionExpression(condition)
              .build());
      return true;
    } catch (ConditionalCheckFailedException changed) {
      return shard(next.shardId()).equals(Optional.of(next));
    }
  }

  /**
   * A failed condition may be the SDK's retry of this very delete, answered after it took effect:
   * the record counts as removed if none is stored now (whoever removed it, it is gone).
   */
  @Override
  public boolean removeShard(ShardRecord expected) {
    try {
      shardTable.deleteItem(
          DeleteItemEnhancedRequest.builder()
              .key(
                  Key.builder()
                      .partitionValue(schema.shardsPartition())
                      .sortValue(expected.shardId())
                      .build())
              .conditionExpression(unchangedSince(expected))
              .build());
      return true;
    } catch (ConditionalCheckFailedException changed) {
      return shard(expected.shardId()).isEmpty();
    }
  }

  @Override
  public int recordFailure(String shardId, String sequenceNumber) {
    Map<String, AttributeValue> updated =
        client
            .updateItem(
                UpdateItemRequest.builder()
                    .tableName(schema.table())
                    .key(
                        Map.of(
                            DynamoDbSchema.PARTITION_KEY,
                            s(schema.attemptsPartition()),
                            DynamoDbSchema.SORT_KEY,
                            // Bounded: an attempt id may be longer than a sort key may hold.
                            s(DynamoDbSchema.bounded(shardId + "#" + sequenceNumber))))
                    .updateExpression("ADD #n :one SET #ttl = :ttl")
                    .expressionAttributeNames(
                        Map.of("#n", DynamoDbSchema.ATTEMPTS, "#ttl", DynamoDbSchema.TTL_ATTRIBUTE))
                    .expressionAttributeValues(
                        Map.of(":one", n(1), ":ttl", n(clock.instant().getEpochSecond() + 86_400)))
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build())
            .attributes();
    return (int) Attributes.number(updated, DynamoDbSchema.ATTEMPTS);
  }

  @Override
  public long globalWatermark() {
    Map<String, AttributeValue> item =
        client
            .getItem(
                GetItemRequest.builder()
                    .tableName(schema.table())
                    .key(watermarkKey())
                    .consistentRead(true)
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build())
            .item();
    return item == null || item.isEmpty()
        ? Long.MIN_VALUE
        : Attributes.number(item, DynamoDbSchema.GLOBAL_WATERMARK);
  }

  /**
   * Each advance writes a token of its own with the watermark, so that an advance whose answer was
   * lost, and whose retry then finds the watermark no longer earlier, still knows it moved it.
   */
  @Override
  public boolean advanceGlobalWatermark(long watermarkMillis) {
    AttributeValue token = OwnWrites.newToken();
    try {
      client.updateItem(
          UpdateItemRequest.builder()
              .tableName(schema.table())
              .key(watermarkKey())
              .updateExpression("SET #wm = :wm, #tok = :tok")
              .conditionExpression("attribute_not_exists(#wm) OR #wm < :wm")
              .expressionAttributeNames(
                  Map.of(
                      "#wm", DynamoDbSchema.GLOBAL_WATERMARK, "#tok", DynamoDbSchema.WRITE_TOKEN))
              .expressionAttributeValues(Map.of(":wm", n(watermarkMillis), ":tok", token))
              .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
              .build());
      return true;
    } catch (ConditionalCheckFailedException notLater) {
      return ownWrites.stored(
          watermarkKey(),
          Map.of(
              DynamoDbSchema.GLOBAL_WATERMARK,
              n(watermarkMillis),
              DynamoDbSchema.WRITE_TOKEN,
              token));
    }
  }

  private Map<String, AttributeValue> watermarkKey() {
    return Map.of(
        DynamoDbSchema.PARTITION_KEY, s(schema.watermarkPartition()),
        DynamoDbSchema.SORT_KEY, s(DynamoDbSchema.GLOBAL_WATERMARK_SORT_KEY));
  }

  private static ShardRecord record(ShardItem item) {
    return new ShardRecord(
        item.getShardId(),
        item.getWatermark(),
        item.getMaxEventTime(),
        item.getLastSequenceNumber(),
        item.getParentShardIds() == null ? List.of() : item.getParentShardIds(),
        item.isClosed(),
        ShardItem.decodeHolds(item.getHolds()),
        LeaseCodec.decode(item.getLeases()),
        ShardItem.decodeVerified(item.getVerified()),
        item.getWriter());
  }
}
