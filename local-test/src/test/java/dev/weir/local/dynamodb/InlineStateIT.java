package dev.weir.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.store.CellMutation;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.RequestCounter;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * On DynamoDB Local: a key with small state commits as one write of its header item, with its
 * earliest timers in the indexes; a key that outgrows it moves to items and stays consistent.
 */
class InlineStateIT {
  private final RequestCounter counter = new RequestCounter();
  private final DynamoDbClient client = EmbeddedDynamoDb.get().client(counter);
  private final String pipeline = EmbeddedDynamoDb.uniquePipeline();
  private final DynamoDbStore store =
      new DynamoDbStore(client, new DynamoDbSchema(EmbeddedDynamoDb.TABLE, pipeline));
  private final String key = "k-" + UUID.randomUUID();

  private KeyCommit commit(long expected, Map<String, byte[]> puts, List<TimerRecord> timers) {
    return new KeyCommit(
        key,
        expected,
        new KeyHeader(expected + 1, Map.of("shard-1", Long.toString(expected + 1))),
        List.of(new CellMutation("/w/", "bag", true, false, puts, Set.of())),
        timers,
        List.of());
  }

  private TimerRecord timer(String id, TimerDomain domain, long fireAt) {
    return new TimerRecord(key, new TimerKey("/w/", "", id), domain, fireAt, fireAt);
  }

  private List<Map<String, AttributeValue>> itemsOf(String partition) {
    return client
        .query(
            r ->
                r.tableName(EmbeddedDynamoDb.TABLE)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition))))
        .items();
  }

  @Test
  void smallStateIsOneConditionalWriteOfTheHeaderItemWithItsTimersIndexed() {
    TimerRecord eventTime = timer("expiry", TimerDomain.EVENT_TIME, 1_000);
    TimerRecord processingTime = timer("stale", TimerDomain.PROCESSING_TIME, 2_000);
    counter.reset();

    store.commit(commit(0, Map.of("0001", new byte[100]), List.of(eventTime, processingTime)));

    assertThat(counter.usage()).containsOnlyKeys("PutItem " + EmbeddedDynamoDb.TABLE);
    assertThat(itemsOf(pipeline + "#" + key)).hasSize(1);
    assertThat(itemsOf(pipeline + "#" + key + "#/w/#bag")).isEmpty();
    assertThat(store.dueTimers(TimerDomain.EVENT_TIME, 1_001, 100)).contains(eventTime);
    assertThat(store.dueTimers(TimerDomain.PROCESSING_TIME, 2_001, 100)).contains(processingTime);
    assertThat(store.dueTimers(TimerDomain.PROCESSING_TIME, 2_000, 100))
        .noneMatch(t -> t.keyId().equals(key));

    DynamoDbStore fresh =
        new DynamoDbStore(client, new DynamoDbSchema(EmbeddedDynamoDb.TABLE, pipeline));
    KeyHeader header = fresh.readHeader(key);
    assertThat(fresh.readChunkedCell(key, header, "/w/", "bag")).containsOnlyKeys("0001");
    assertThat(fresh.readNamespace(key, header, "/w/").timers())
        .containsExactlyInAnyOrder(eventTime, processingTime);
  }

  @Test
  void stateThatOutgrowsTheHeaderItemMovesToItemsAndStaysConsistent() {
    store.commit(commit(0, Map.of("0001", new byte[1_000]), List.of()));
    NavigableMap<String, byte[]> expected = new TreeMap<>();
    expected.put("0001", new byte[1_000]);
    long version = 1;
    for (int chunk = 2; chunk <= 12; chunk++) {
      String id = String.format("%04d", chunk);
      store.commit(commit(version++, Map.of(id, new byte[1_000]), List.of()));
      expected.put(id, new byte[1_000]);
    }

    assertThat(itemsOf(pipeline + "#" + key + "#/w/#bag"))
        .as("moved to items")
        .filteredOn(item -> item.get("sk").s().startsWith("s#"))
        .hasSize(12);
    assertThat(itemsOf(pipeline + "#" + key).get(0)).doesNotContainKey("inl");
    DynamoDbStore fresh =
        new DynamoDbStore(client, new DynamoDbSchema(EmbeddedDynamoDb.TABLE, pipeline));
    KeyHeader header = fresh.readHeader(key);
    assertThat(header.version()).isEqualTo(12);
    assertThat(fresh.readChunkedCell(key, header, "/w/", "bag").keySet())
        .isEqualTo(expected.keySet());
    fresh.commit(commit(12, Map.of("0013", new byte[10]), List.of()));
    assertThat(store.readChunkedCell(key, store.readHeader(key), "/w/", "bag")).hasSize(13);
  }
}
