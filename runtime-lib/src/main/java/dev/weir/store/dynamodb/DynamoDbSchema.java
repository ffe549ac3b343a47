package dev.weir.store.dynamodb;

import dev.weir.timer.TimerDomain;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Every attribute name, key format, index name and TTL attribute of the state table.
 *
 * <p>Items, by partition key ({@code pk}) and sort key ({@code sk}):
 *
 * <ul>
 *   <li>key header: {@code <pipeline>#<key>} / {@code h}: version and generation, applied sequence
 *       numbers, open commits, the token of the write that put it ({@code tok}); while the key's
 *       state is small, all of it ({@code inl}, see {@code InlineState}) with its earliest
 *       event-time timer's index entry ({@code tpk}, {@code tsk}) and its earliest processing-time
 *       timer's ({@code ptpk}, {@code ptsk}); the items below exist only for keys that outgrew it;
 *   <li>redo log of a commit too large for one transaction: same partition / {@code
 *       r#<version>#<commit id>#<part>}, until the commit is applied;
 *   <li>state entry: {@code <pipeline>#<key>#<namespace>} / {@code s#<stateId>#<subKey>}: value
 *       bytes and the version that wrote it;
 *   <li>chunked (bag) cells: entries and marker in {@code <pipeline>#<key>#<namespace>#<stateId>},
 *       read only when the bag is;
 *   <li>cell clear marker: same partition / {@code c#<stateId>}: entries written before its version
 *       are dead (so {@code clear()} is one write; dead items are deleted later);
 *   <li>timer: same partition / {@code t#<family>#<timerId>}, with the GSI attributes while
 *       pending: {@code <pipeline>#<domain>#<bucket>} and the due time first;
 *   <li>shard: {@code <pipeline>#shards} / shard id; global watermark: {@code <pipeline>#watermark}
 *       / {@code global}, with the token of the write that moved it;
 *   <li>failed attempts of a record: {@code <pipeline>#attempts} / {@code <shard>#<sequence>},
 *       expiring after a day.
 * </ul>
 *
 * DynamoDB refuses a partition key over 2,048 bytes and a sort key over 1,024, in the table and in
 * an index alike, and some parts come from what the user controls (key ids, windows, state ids,
 * timer tags). A part longer than {@link #MAX_KEY_PART} is replaced by its hash, the original kept
 * in an attribute; a key that is still too long as a whole is replaced, after its type's prefix, by
 * the hash of all of it. Every key built here is within DynamoDB's limits, whatever its parts; keys
 * within them are built as they always were, so items written before are found as before.
 */
public final class DynamoDbSchema {
  public static final String PARTITION_KEY = "pk";
  public static final String SORT_KEY = "sk";
  public static final String TIMER_INDEX = "pending-timers";
  public static final String TIMER_INDEX_PARTITION_KEY = "tpk";
  public static final String TIMER_INDEX_SORT_KEY = "tsk";

  /**
   * Second timer index: the earliest processing-time timer of each key whose state is inline in its
   * header item (the first index lists that item's earliest event-time timer).
   */
  public static final String INLINE_PROCESSING_TIMER_INDEX = "pending-inline-processing-timers";

  public static final String INLINE_PROCESSING_TIMER_PARTITION_KEY = "ptpk";
  public static final String INLINE_PROCESSING_TIMER_SORT_KEY = "ptsk";
  public static final String TTL_ATTRIBUTE = "expiresAt";

  static final String VALUE = "v";
  static final String WRITTEN_AT = "wv";
  static final String CLEARED_AT = "cv";
  static final String ORIGINAL_SUB_KEY = "sub";
  static final String STATE_ID = "sid";
  static final String VERSION = "ver";

  /** The key's generation ({@code KeyHeader#generation}); absent if it has none. */
  static final String GENERATION = "gen";

  static final String APPLIED = "applied";
  static final String APPLIED_ARRIVALS = "appliedAt";
  static final String LIVE_NAMESPACES = "live";

  // Shard progress items (ShardItem), the global watermark item and failed-attempt counts.
  static final String SHARD_WATERMARK = "wm";
  static final String SHARD_MAX_EVENT_TIME = "maxEt";
  static final String SHARD_LAST_SEQUENCE = "seq";
  static final String SHARD_PARENTS = "parents";
  static final String SHARD_CLOSED = "closed";
  static final String SHARD_HOLDS = "holds";
  static final String SHARD_LEASES = "leases";
  static final String SHARD_VERIFIED = "verified";
  static final String SHARD_WRITER = "writer";
  static final String GLOBAL_WATERMARK = "wm";
  static final String GLOBAL_WATERMARK_SORT_KEY = "global";
  static final String ATTEMPTS = "attempts";
  static final String OPEN_COMMITS = "open";
  static final String KEY_ID = "kid";
  static final String NAMESPACE = "ns";
  static final String FAMILY = "fam";
  static final String TIMER_ID = "tid";
  static final String DOMAIN = "dom";
  static final String FIRE_AT = "fire";
  static final String OUTPUT_AT = "out";
  static final String ARMED_BY = "armed";
  static final String INLINE_STATE = "inl";

  /** The token of the write that put a header or the global watermark (see {@code OwnWrites}). */
  static final String WRITE_TOKEN = "tok";

  /** The inline processing-time timer's attributes, apart from the event-time one's. */
  static final String PT_PREFIX = "p";

  static final String HEADER_SORT_KEY = "h";
  static final String ENTRY_PREFIX = "s#";
  static final String MARKER_PREFIX = "c#";
  static final String TIMER_PREFIX = "t#";

  /** Parts of a large commit's redo log, in the key's header partition (see {@code RedoLog}). */
  public static final String REDO_PREFIX = "r#";

  /** Partition keys may hold 2,048 bytes and sort keys 1,024; parts above these are hashed. */
  static final int MAX_KEY_PART = 700;

  /** DynamoDB's limit on a partition key, of the table or of an index, in UTF-8 bytes. */
  static final int MAX_PARTITION_KEY_BYTES = 2048;

  /** DynamoDB's limit on a sort key, of the table or of an index, in UTF-8 bytes. */
  static final int MAX_SORT_KEY_BYTES = 1024;

  /**
   * The longest pipeline name: it starts every partition key, so with it the longest key built from
   * hashed parts still fits.
   */
  public static final int MAX_PIPELINE_BYTES = 255;

  static final int DEFAULT_TIMER_BUCKETS = 16;

  private final String table;
  private final String pipeline;
  private final int timerBuckets;

  public DynamoDbSchema(String table, String pipeline) {
    this(table, pipeline, DEFAULT_TIMER_BUCKETS);
  }

  public DynamoDbSchema(String table, String pipeline, int timerBuckets) {
    if (pipeline.contains("#")) {
      throw new IllegalArgumentException("pipeline name must not contain '#': " + pipeline);
    }
    if (utf8Length(pipeline) > MAX_PIPELINE_BYTES) {
      throw new IllegalArgumentException(
          "pipeline name must be at most "
              + MAX_PIPELINE_BYTES
              + " bytes (it starts every key in the state table), not "
              + utf8Length(pipeline));
    }
    if (timerBuckets < 1) {
      throw new IllegalArgumentException("timer buckets must be at least 1");
    }
    this.table = table;
    this.pipeline = pipeline;
    this.timerBuckets = timerBuckets;
  }

  public String table() {
    return table;
  }

  public String pipeline() {
    return pipeline;
  }

  int timerBuckets() {
    return timerBuckets;
  }

  /** The table as the engine needs it: keys, the sparse timer GSIs, on-demand billing. */
  public CreateTableRequest createTableRequest() {
    return CreateTableRequest.builder()
        .tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            keyAttributes().stream().map(DynamoDbSchema::stringAttribute).toList())
        .keySchema(key(PARTITION_KEY, KeyType.HASH), key(SORT_KEY, KeyType.RANGE))
        .globalSecondaryIndexes(
            timerIndex(TIMER_INDEX, TIMER_INDEX_PARTITION_KEY, TIMER_INDEX_SORT_KEY, ""),
            timerIndex(
                INLINE_PROCESSING_TIMER_INDEX,
                INLINE_PROCESSING_TIMER_PARTITION_KEY,
                INLINE_PROCESSING_TIMER_SORT_KEY,
                PT_PREFIX))
        .build();
  }

  private static GlobalSecondaryIndex timerIndex(
      String name, String partitionKey, String sortKey, String prefix) {
    return GlobalSecondaryIndex.builder()
        .indexName(name)
        .keySchema(key(partitionKey, KeyType.HASH), key(sortKey, KeyType.RANGE))
        .projection(
            Projection.builder()
                .projectionType(ProjectionType.INCLUDE)
                .nonKeyAttributes(timerIndexAttributes(prefix))
                .build())
        .build();
  }

  /**
   * What a timer index projects: only the timer's own attributes, so rewriting an inline key's
   * header item (its state, its applied sequence numbers) writes nothing to the index unless its
   * earliest timer changed.
   */
  public static List<String> timerIndexAttributes(String prefix) {
    return List.of(
        KEY_ID,
        prefix + NAMESPACE,
        prefix + FAMILY,
        prefix + TIMER_ID,
        prefix + DOMAIN,
        prefix + FIRE_AT,
        prefix + OUTPUT_AT,
        prefix + ARMED_BY);
  }

  private static AttributeDefinition stringAttribute(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  // ---- key formats

  String headerPartition(String keyId) {
    return pipeline + "#" + bounded(keyId);
  }

  String namespacePartition(String keyId, String namespace) {
    return partition(pipeline + "#" + bounded(keyId) + "#" + bounded(namespace));
  }

  /** Chunked (append-only) cells live in a partition of their own, so namespace reads skip them. */
  String chunkedPartition(String keyId, String namespace, String stateId) {
    return partition(
        pipeline + "#" + bounded(keyId) + "#" + bounded(namespace) + "#" + bounded(stateId));
  }

  /**
   * The sort key of a cell's entry. One whose state id and sub-key are too long together is hashed
   * whole; the reader then takes the sub-key from the item ({@link #keepsSubKey}), never from this.
   */
  String entrySortKey(String stateId, String subKey) {
    return sortKey(ENTRY_PREFIX, stateId + "#" + bounded(subKey));
  }

  String entryPrefix(String stateId) {
    return ENTRY_PREFIX + stateId + "#";
  }

  /** True if the entry's sort key does not end in its sub-key, which its item must then carry. */
  boolean keepsSubKey(String stateId, String subKey) {
    return !entrySortKey(stateId, subKey).equals(entryPrefix(stateId) + subKey);
  }

  String markerSortKey(String stateId) {
    return sortKey(MARKER_PREFIX, stateId);
  }

  String timerSortKey(String familyId, String timerId) {
    return sortKey(TIMER_PREFIX, bounded(familyId + "#" + timerId));
  }

  /**
   * A timer index's sort key: the due time first, then the indexed item's key, which only makes the
   * entry's order stable (nothing reads it back), so a long one is hashed.
   */
  static String timerIndexSortKey(long fireAtMillis, String itemId) {
    return sortKey(dueTimePrefix(fireAtMillis) + "#", itemId);
  }

  String shardsPartition() {
    return pipeline + "#shards";
  }

  String attemptsPartition() {
    return pipeline + "#attempts";
  }

  String watermarkPartition() {
    return pipeline + "#watermark";
  }

  String timerIndexPartition(TimerDomain domain, String keyId) {
    return timerIndexPartition(domain, Math.floorMod(keyId.hashCode(), timerBuckets));
  }

  String timerIndexPartition(TimerDomain domain, int bucket) {
    return pipeline + "#" + domain.name() + "#" + bucket;
  }

  /** Sort-key prefix of a due time: fixed-width hex with the sign flipped sorts like the time. */
  static String dueTimePrefix(long millis) {
    return String.format("%016x", millis ^ Long.MIN_VALUE);
  }

  /** True if {@code part} was too long for a key and is stored hashed. */
  static boolean isHashed(String part) {
    return utf8Length(part) > MAX_KEY_PART;
  }

  static String bounded(String part) {
    return isHashed(part) ? "~" + sha256(part) : part;
  }

  /** {@code key}, or if it is longer than a partition key may be, the pipeline's and a hash. */
  private String partition(String key) {
    return fits(key, MAX_PARTITION_KEY_BYTES) ? key : pipeline + "#~" + sha256(key);
  }

  /**
   * {@code prefix + rest}, or if that is longer than a sort key may be, {@code prefix} and a hash
   * of {@code rest}: the prefix (an item type, a due time) keeps what queries and readers rely on.
   */
  private static String sortKey(String prefix, String rest) {
    String key = prefix + rest;
    return fits(key, MAX_SORT_KEY_BYTES) ? key : prefix + "~" + sha256(rest);
  }

  /** True if {@code key} takes at most {@code maxBytes} in UTF-8; most keys without encoding. */
  private static boolean fits(String key, int maxBytes) {
    return key.length() * 3 <= maxBytes || utf8Length(key) <= maxBytes;
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every attribute the template must define, for the template agreement test. */
  public static List<String> keyAttributes() {
    return List.of(
        PARTITION_KEY,
        SORT_KEY,
        TIMER_INDEX_PARTITION_KEY,
        TIMER_INDEX_SORT_KEY,
        INLINE_PROCESSING_TIMER_PARTITION_KEY,
        INLINE_PROCESSING_TIMER_SORT_KEY);
  }
}
