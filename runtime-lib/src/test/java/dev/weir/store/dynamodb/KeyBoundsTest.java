package dev.weir.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every key the state table gets, of the table and of its timer indexes, is within DynamoDB's
 * limits (2,048 bytes of partition key, 1,024 of sort key) whatever the lengths of the parts a user
 * controls, stays distinct for distinct parts, and is unchanged where it was within them already.
 */
class KeyBoundsTest {
  private static final String PIPELINE = "p".repeat(255);
  private static final DynamoDbSchema SCHEMA = new DynamoDbSchema("table", PIPELINE);

  /** Lengths around every threshold: short, just within a part, just hashed, long. */
  private static final List<Integer> LENGTHS = List.of(1, 300, 500, 700, 701, 1_100, 5_000);

  private static int bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void partitionKeysFitWhateverTheKeyWindowAndStateId() {
    Set<String> partitions = new HashSet<>();
    for (int keyId : LENGTHS) {
      for (int namespace : LENGTHS) {
        for (int stateId : LENGTHS) {
          String k = "k".repeat(keyId);
          String n = "n".repeat(namespace);
          String s = "s".repeat(stateId);
          for (String partition :
              List.of(
                  SCHEMA.headerPartition(k),
                  SCHEMA.namespacePartition(k, n),
                  SCHEMA.chunkedPartition(k, n, s))) {
            assertThat(bytes(partition)).isLessThanOrEqualTo(2_048);
          }
          partitions.add(SCHEMA.chunkedPartition(k, n, s));
        }
      }
    }
    assertThat(partitions).hasSize(LENGTHS.size() * LENGTHS.size() * LENGTHS.size());
  }

  @Test
  void sortKeysFitWhateverTheStateIdSubKeyAndTimerTag() {
    Set<String> entries = new HashSet<>();
    for (int stateId : LENGTHS) {
      for (int subKey : LENGTHS) {
        String s = "s".repeat(stateId);
        String sub = "\u20ac".repeat(subKey); // three bytes a character
        String entry = SCHEMA.entrySortKey(s, sub);
        assertThat(bytes(entry)).isLessThanOrEqualTo(1_024);
        assertThat(entry).startsWith(DynamoDbSchema.ENTRY_PREFIX);
        entries.add(entry);
        assertThat(bytes(SCHEMA.markerSortKey(s))).isLessThanOrEqualTo(1_024);
        assertThat(bytes(SCHEMA.timerSortKey(s, sub))).isLessThanOrEqualTo(1_024);
      }
    }
    assertThat(entries).hasSize(LENGTHS.size() * LENGTHS.size());
  }

  @Test
  void timerIndexKeysFitWhateverTheKeyWindowAndTag() {
    TimerItems items = new TimerItems(SCHEMA);
    for (int keyId : LENGTHS) {
      for (int namespace : LENGTHS) {
        for (int tag : LENGTHS) {
          TimerRecord timer =
              new TimerRecord(
                  "k".repeat(keyId),
                  new TimerKey("n".repeat(namespace), "family", "t".repeat(tag)),
                  TimerDomain.EVENT_TIME,
                  60_000,
                  60_000,
                  "");
          Map<String, AttributeValue> item = items.item(timer);
          assertThat(bytes(item.get(DynamoDbSchema.PARTITION_KEY).s())).isLessThanOrEqualTo(2_048);
          assertThat(bytes(item.get(DynamoDbSchema.SORT_KEY).s())).isLessThanOrEqualTo(1_024);
          assertThat(bytes(item.get(DynamoDbSchema.TIMER_INDEX_PARTITION_KEY).s()))
              .isLessThanOrEqualTo(2_048);
          String indexSortKey = item.get(DynamoDbSchema.TIMER_INDEX_SORT_KEY).s();
          assertThat(bytes(indexSortKey)).isLessThanOrEqualTo(1_024);
          // The due time still leads, so the index is still read in due-time order.
          assertThat(indexSortKey).startsWith(DynamoDbSchema.dueTimePrefix(60_000) + "#");
          assertThat(TimerItems.record(item)).isEqualTo(timer);
        }
      }
    }
  }

  @Test
  void keysWithinTheLimitsAreBuiltAsBefore() {
    DynamoDbSchema schema = new DynamoDbSchema("table", "pipe");
    List<String> keys = new ArrayList<>();
    keys.add(schema.chunkedPartition("key", "/w/", "bag"));
    keys.add(schema.entrySortKey("bag", "c1"));
    keys.add(schema.markerSortKey("bag"));
    keys.add(
        new TimerItems(schema)
            .item(
                new TimerRecord(
                    "key", new TimerKey("/w/", "f", "t"), TimerDomain.EVENT_TIME, 0, 0, ""))
            .get(DynamoDbSchema.TIMER_INDEX_SORT_KEY)
            .s());

    assertThat(keys)
        .containsExactly(
            "pipe#key#/w/#bag",
            "s#bag#c1",
            "c#bag",
            DynamoDbSchema.dueTimePrefix(0) + "#pipe#key#/w/#t#f#t");
  }

  @Test
  void aPipelineNameTooLongForEveryKeyIsRefusedAtOnce() {
    assertThatThrownBy(() -> new DynamoDbSchema("table", "p".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pipeline name must be at most 255 bytes");
  }
}
