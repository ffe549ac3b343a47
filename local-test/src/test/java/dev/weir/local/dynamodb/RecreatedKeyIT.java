package dev.weir.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.store.CellMutation;
import dev.weir.store.CommitConflictException;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.StateStore;
import dev.weir.store.cache.CachingStateStore;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * On DynamoDB Local: a key whose header DynamoDB's TTL deleted (it held nothing, and no replay
 * could need it) starts over at version 0 when it is committed again. A long-lived container that
 * still remembers the old key at some version must not take the new key at the same version for it:
 * not when a bundle checks its keys, not for outputs, not at commit.
 */
class RecreatedKeyIT {
  private static final String SHARD = "shardId-000000000000";
  private static final long ARRIVED = 1_000_000_000_000L;

  private final DynamoDbClient client = EmbeddedDynamoDb.get().client();
  private final DynamoDbSchema schema =
      new DynamoDbSchema(EmbeddedDynamoDb.TABLE, EmbeddedDynamoDb.uniquePipeline());
  private final String key = "k-" + UUID.randomUUID();

  /** A container that remembers keys across invocations. */
  private final CachingStateStore here =
      new CachingStateStore(new DynamoDbStore(client, schema), 1 << 20);

  /** Another container. */
  private final DynamoDbStore elsewhere = new DynamoDbStore(client, schema);

  /** The engine's commit: on the header it read; {@code value} null clears the cell. */
  private KeyCommit commit(KeyHeader read, String sequence, String value) {
    CellMutation cell =
        value == null
            ? new CellMutation("/w/", "value", false, true, Map.of(), Set.of())
            : new CellMutation(
                "/w/",
                "value",
                false,
                false,
                Map.of("", value.getBytes(StandardCharsets.UTF_8)),
                Set.of());
    return new KeyCommit(
        key,
        read.version(),
        read.next(Map.of(SHARD, sequence), Map.of(SHARD, ARRIVED)),
        List.of(cell),
        List.of(),
        List.of());
  }

  private Map<String, String> cells(StateStore store, KeyHeader header) {
    Map<String, String> cells = new TreeMap<>();
    store
        .readNamespace(key, header, "/w/")
        .cells()
        .forEach(
            (id, entries) -> cells.put(id, new String(entries.get(""), StandardCharsets.UTF_8)));
    return cells;
  }

  @Test
  void aKeyCommittedAgainAfterItsHeaderExpiredIsNotTakenForTheOldOne() {
    here.readNamespace(key, here.readHeader(key), "/w/");
    here.commit(commit(here.readHeader(key), "1", "old"));
    here.commit(commit(here.readHeader(key), "2", null)); // holds nothing: its header gets a TTL
    KeyHeader old = here.readHeader(key);
    Instant past = Instant.ofEpochMilli(ARRIVED).plus(Duration.ofDays(2));
    assertThat(DynamoDbTtl.deleteExpired(client, schema, past)).as("the old header").isEqualTo(1);
    elsewhere.commit(commit(elsewhere.readHeader(key), "3", "new"));
    elsewhere.commit(commit(elsewhere.readHeader(key), "4", "new, later"));
    assertThat(elsewhere.readHeader(key).version()).isEqualTo(old.version());

    here.prepare(List.of(key)); // a bundle checks its keys' versions before its work
    KeyHeader header = here.readHeader(key);

    assertThat(cells(here, header)).containsExactly(Map.entry("value", "new, later"));
    assertThat(here.isCurrent(key, old)).as("outputs from the old key's state").isFalse();
    assertThatThrownBy(() -> here.commit(commit(old, "5", "lost")))
        .isInstanceOf(CommitConflictException.class);
    assertThat(cells(elsewhere, elsewhere.readHeader(key)))
        .containsExactly(Map.entry("value", "new, later"));
  }
}
