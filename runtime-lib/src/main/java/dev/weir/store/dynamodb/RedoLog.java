package dev.weir.store.dynamodb;

import static dev.weir.store.dynamodb.Attributes.number;
import static dev.weir.store.dynamodb.Attributes.s;
import static dev.weir.store.dynamodb.Attributes.string;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The redo log of a commit too large for one transaction: its item writes, in parts of at most
 * {@link #MAX_PART_BYTES}, stored in the key's header partition under {@code r#<version>#<commit
 * id>#<part>} before the header names the commit open. Parts carry no TTL: once the header names
 * them they are the only record of committed data until rolled forward.
 */
final class RedoLog {
  /** Below DynamoDB's 400 KB item limit, leaving room for the part's key and attribute names. */
  static final int MAX_PART_BYTES = 360 * 1024;

  private static final String OPS = "ops";

  /** A commit named open in its key's header: written as redo, not yet applied in full. */
  record OpenCommit(long version, String id, int parts) {
    static OpenCommit parse(String entry) {
      String[] fields = entry.split("/");
      if (fields.length != 3) {
        throw new IllegalStateException("malformed open commit '" + entry + "' in a key header");
      }
      return new OpenCommit(Long.parseLong(fields[0]), fields[1], Integer.parseInt(fields[2]));
    }

    /** How the header lists it (a string set member). */
    String entry() {
      return version + "/" + id + "/" + parts;
    }
  }

  /**
   * What the log holds for one open commit.
   *
   * @param ops its writes in order, or empty if a part is missing: parts are deleted only after the
   *     commit was applied in full, so a missing part means there is nothing left to apply
   * @param parts the keys of its parts still stored
   * @param abandoned parts of attempts that never became the key's commit (lost a race, or their
   *     writer died), safe to delete: their version is not above the header's
   */
  record Contents(
      List<WriteOp> ops,
      List<Map<String, AttributeValue>> parts,
      List<Map<String, AttributeValue>> abandoned) {}

  private final DynamoDbClient client;
  private final DynamoDbSchema schema;

  RedoLog(DynamoDbClient client, DynamoDbSchema schema) {
    this.client = client;
    this.schema = schema;
  }

  /** Writes {@code ops} as the redo of the key's commit at {@code version}. */
  OpenCommit write(String keyId, long version, List<WriteOp> ops) {
    String id = UUID.randomUUID().toString();
    List<List<WriteOp>> parts = new ArrayList<>();
    List<WriteOp> part = new ArrayList<>();
    int bytes = 0;
    for (WriteOp op : ops) {
      if (!part.isEmpty() && bytes + op.size() > MAX_PART_BYTES) {
        parts.add(part);
        part = new ArrayList<>();
        bytes = 0;
      }
      part.add(op);
      bytes += op.size();
    }
    parts.add(part);
    OpenCommit open = new OpenCommit(version, id, parts.size());
    for (int i = 0; i < parts.size(); i++) {
      Map<String, AttributeValue> item = new HashMap<>(partKey(keyId, open, i));
      item.put(DynamoDbSchema.VERSION, Attributes.n(version));
      item.put(OPS, AttributeValue.fromL(parts.get(i).stream().map(WriteOp::toRedo).toList()));
      client.putItem(
          PutItemRequest.builder()
              .tableName(schema.table())
              .item(item)
              .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
              .build());
    }
    return open;
  }

  /** Reads the parts of {@code open}, and notes abandoned parts of other attempts. */
  Contents read(String keyId, OpenCommit open) {
    TreeMap<String, Map<String, AttributeValue>> own = new TreeMap<>();
    List<Map<String, AttributeValue>> abandoned = new ArrayList<>();
    String ownPrefix = partPrefix(open);
    QueryRequest redo =
        QueryRequest.builder()
            .tableName(schema.table())
            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :redo)")
            .expressionAttributeNames(
                Map.of("#pk", DynamoDbSchema.PARTITION_KEY, "#sk", DynamoDbSchema.SORT_KEY))
            .expressionAttributeValues(
                Map.of(
                    ":pk", s(schema.headerPartition(keyId)),
                    ":redo", s(DynamoDbSchema.REDO_PREFIX)))
            .consistentRead(true)
            .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
            .build();
    for (Map<String, AttributeValue> item : client.queryPaginator(redo).items()) {
      String sortKey = string(item, DynamoDbSchema.SORT_KEY);
      if (sortKey.startsWith(ownPrefix)) {
        own.put(sortKey, item);
      } else if (number(item, DynamoDbSchema.VERSION) <= open.version()) {
        abandoned.add(keyOf(item));
      }
    }
    List<WriteOp> ops = new ArrayList<>();
    if (own.size() == open.parts()) {
      own.values().forEach(part -> part.get(OPS).l().forEach(op -> ops.add(WriteOp.fromRedo(op))));
    }
    return new Contents(ops, own.values().stream().map(RedoLog::keyOf).toList(), abandoned);
  }

  /** Deletes the parts of {@code open} (all of them, found or not). */
  void delete(String keyId, OpenCommit open) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (int i = 0; i < open.parts(); i++) {
      keys.add(partKey(keyId, open, i));
    }
    delete(keys);
  }

  void delete(List<Map<String, AttributeValue>> keys) {
    for (Map<String, AttributeValue> key : keys) {
      client.deleteItem(
          DeleteItemRequest.builder()
              .tableName(schema.table())
              .key(key)
              .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
              .build());
    }
  }

  private Map<String, AttributeValue> partKey(String keyId, OpenCommit open, int part) {
    return Map.of(
        DynamoDbSchema.PARTITION_KEY,
        s(schema.headerPartition(keyId)),
        DynamoDbSchema.SORT_KEY,
        s(partPrefix(open) + String.format("%05d", part)));
  }

  private static String partPrefix(OpenCommit open) {
    return DynamoDbSchema.REDO_PREFIX
        + String.format("%019d", open.version())
        + "#"
        + open.id()
        + "#";
  }

  private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
    return Map.of(
        DynamoDbSchema.PARTITION_KEY, item.get(DynamoDbSchema.PARTITION_KEY),
        DynamoDbSchema.SORT_KEY, item.get(DynamoDbSchema.SORT_KEY));
  }
}
