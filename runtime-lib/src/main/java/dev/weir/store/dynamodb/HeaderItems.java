package dev.weir.store.dynamodb;

import static dev.weir.store.dynamodb.Attributes.n;
import static dev.weir.store.dynamodb.Attributes.s;

import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A key's header item as a commit writes it: version and generation, applied sequence numbers with
 * their records' arrival times (shards past the replay horizon left out), open commits, a token of
 * this write (by which a commit whose answer was lost recognises its header: {@link OwnWrites}),
 * and for a key that holds nothing, a TTL at which no replay can need the header any more.
 */
final class HeaderItems {
  private HeaderItems() {}

  /**
   * @param holdsNothing the key has no state and no timers after this commit, so once no record it
   *     applied can be delivered again, its header may go
   */
  static Map<String, AttributeValue> item(
      DynamoDbSchema schema,
      KeyCommit commit,
      Set<String> openCommits,
      ReplayHorizon horizon,
      boolean holdsNothing) {
    KeyHeader header =
        commit.header().forgettingShardsBefore(horizon.cutoffMillis(commit.header()));
    Map<String, AttributeValue> applied = new HashMap<>();
    header.appliedSequenceNumbers().forEach((shard, seq) -> applied.put(shard, s(seq)));
    Map<String, AttributeValue> arrivals = new HashMap<>();
    header.appliedArrivals().forEach((shard, millis) -> arrivals.put(shard, n(millis)));
    Map<String, AttributeValue> item = new HashMap<>(key(schema, commit.keyId()));
    item.put(DynamoDbSchema.VERSION, n(header.version()));
    if (header.generation() != 0) {
      item.put(DynamoDbSchema.GENERATION, n(header.generation()));
    }
    item.put(DynamoDbSchema.APPLIED, AttributeValue.fromM(applied));
    if (!arrivals.isEmpty()) {
      item.put(DynamoDbSchema.APPLIED_ARRIVALS, AttributeValue.fromM(arrivals));
    }
    item.put(DynamoDbSchema.KEY_ID, s(commit.keyId()));
    item.put(DynamoDbSchema.WRITE_TOKEN, OwnWrites.newToken());
    if (!openCommits.isEmpty()) {
      item.put(DynamoDbSchema.OPEN_COMMITS, AttributeValue.fromSs(List.copyOf(openCommits)));
    } else if (holdsNothing) {
      item.put(DynamoDbSchema.TTL_ATTRIBUTE, n(horizon.expiresAtSeconds(header)));
    }
    return item;
  }

  /** The primary key of {@code keyId}'s header item. */
  static Map<String, AttributeValue> key(DynamoDbSchema schema, String keyId) {
    return Map.of(
        DynamoDbSchema.PARTITION_KEY, s(schema.headerPartition(keyId)),
        DynamoDbSchema.SORT_KEY, s(DynamoDbSchema.HEADER_SORT_KEY));
  }

  /** A write's condition that the header is still at the version the work read. */
  record Expected(
      String expression, Map<String, String> names, Map<String, AttributeValue> values) {}

  /**
   * Absent for a key never committed, else at {@code commit}'s expected version of its generation:
   * a key whose header expired and was committed again counts its versions anew, and a commit made
   * on the old key's header must not pass for one on the new key's.
   */
  static Expected expectedVersion(KeyCommit commit) {
    if (commit.expectedVersion() == 0) {
      return new Expected(
          "attribute_not_exists(#pk)", Map.of("#pk", DynamoDbSchema.PARTITION_KEY), null);
    }
    Map<String, String> names =
        Map.of("#ver", DynamoDbSchema.VERSION, "#gen", DynamoDbSchema.GENERATION);
    long generation = commit.header().generation();
    return generation == 0
        ? new Expected(
            "#ver = :expected AND attribute_not_exists(#gen)",
            names,
            Map.of(":expected", n(commit.expectedVersion())))
        : new Expected(
            "#ver = :expected AND #gen = :gen",
            names,
            Map.of(":expected", n(commit.expectedVersion()), ":gen", n(generation)));
  }
}
