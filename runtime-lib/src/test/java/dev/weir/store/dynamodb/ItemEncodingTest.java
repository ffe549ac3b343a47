package dev.weir.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.store.CellMutation;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The DynamoDB item encoders without an emulator: what a commit writes reads back as it was — a
 * key's inline state, a timer item and its index entries, and the key formats, long parts hashed to
 * fit DynamoDB's key limits, due times sorting like the times.
 */
class ItemEncodingTest {
  private static final DynamoDbSchema SCHEMA = new DynamoDbSchema("table", "pipe");

  private static final TimerRecord FLUSH =
      new TimerRecord(
          "key-1",
          new TimerKey("/w/", "", "flush"),
          TimerDomain.EVENT_TIME,
          60_000,
          59_999,
          "arm-1");
  private static final TimerRecord NUDGE =
      new TimerRecord(
          "key-1",
          new TimerKey("/w/", "fam", "nudge"),
          TimerDomain.PROCESSING_TIME,
          5_000,
          5_000,
          "");

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static InlineState state() {
    return InlineState.EMPTY.apply(
        new KeyCommit(
            "key-1",
            0,
            new KeyHeader(1, Map.of()),
            List.of(
                new CellMutation("/w/", "count", false, false, Map.of("", bytes("3")), Set.of()),
                new CellMutation(
                    "/w/",
                    "bag",
                    true,
                    false,
                    Map.of("c1", bytes("a"), "c2", bytes("b")),
                    Set.of()),
                new CellMutation("/x/", "map", false, false, Map.of("k", bytes("v")), Set.of())),
            List.of(FLUSH, NUDGE),
            List.of()));
  }

  @Test
  void inlineStateReadsBackAsWritten() {
    InlineState written = state();

    InlineState read = InlineState.decode("key-1", written.encode());

    assertThat(read.encode()).isEqualTo(written.encode());
    NamespaceSnapshot window = read.snapshot("/w/");
    assertThat(window.cells()).containsOnlyKeys("count"); // the chunked bag is read on its own
    assertThat(window.cells().get("count").get("")).isEqualTo(bytes("3"));
    assertThat(window.timers()).containsExactlyInAnyOrder(FLUSH, NUDGE);
    assertThat(read.chunkedCell("/w/", "bag")).containsOnlyKeys("c1", "c2");
    assertThat(read.earliest(TimerDomain.PROCESSING_TIME)).contains(NUDGE);
    assertThat(read.snapshot("/x/").cells().get("map").get("k")).isEqualTo(bytes("v"));
  }

  @Test
  void clearedAndEmptiedCellsLeaveNothingAndTimersAreReplacedByKey() {
    TimerRecord later =
        new TimerRecord("key-1", FLUSH.key(), TimerDomain.EVENT_TIME, 120_000, 119_999, "arm-2");
    InlineState after =
        state()
            .apply(
                new KeyCommit(
                    "key-1",
                    1,
                    new KeyHeader(2, Map.of()),
                    List.of(
                        new CellMutation("/w/", "count", false, true, Map.of(), Set.of()),
                        new CellMutation("/x/", "map", false, false, Map.of(), Set.of("k"))),
                    List.of(later),
                    List.of(NUDGE)));

    assertThat(after.cells()).containsOnlyKeys("/w/"); // "/x/" emptied, so gone
    assertThat(after.cells().get("/w/")).containsOnlyKeys("bag");
    assertThat(after.timers()).containsExactly(later);
  }

  @Test
  void anUnknownFormatIsRefusedNamingTheKey() {
    byte[] encoded = state().encode();
    encoded[0] = 9;

    assertThatThrownBy(() -> InlineState.decode("key-1", encoded))
        .hasMessageContaining("key-1")
        .hasMessageContaining("format 9");
  }

  @Test
  void aTimerItemAndItsInlineIndexEntryReadBackAsTheTimer() {
    TimerItems items = new TimerItems(SCHEMA);

    assertThat(TimerItems.record(items.item(FLUSH))).isEqualTo(FLUSH);
    assertThat(TimerItems.record(items.item(NUDGE))).as("no arming stored").isEqualTo(NUDGE);
    assertThat(
            TimerItems.record(
                items.indexEntry(
                    NUDGE,
                    DynamoDbSchema.PT_PREFIX,
                    DynamoDbSchema.INLINE_PROCESSING_TIMER_PARTITION_KEY,
                    DynamoDbSchema.INLINE_PROCESSING_TIMER_SORT_KEY,
                    "item"),
                DynamoDbSchema.PT_PREFIX))
        .isEqualTo(NUDGE);
  }

  @Test
  void keyPartsTooLongForDynamoDbAreHashedAndDueTimesSortLikeTheTimes() {
    String longKey = "k".repeat(5_000);

    String partition = SCHEMA.namespacePartition(longKey, "/w/");
    assertThat(partition).startsWith("pipe#~").endsWith("#/w/");
    assertThat(partition.length()).isLessThan(2_048);
    assertThat(SCHEMA.namespacePartition(longKey, "/w/")).isEqualTo(partition);
    assertThat(SCHEMA.namespacePartition(longKey + "x", "/w/")).isNotEqualTo(partition);
    assertThat(SCHEMA.headerPartition("short")).isEqualTo("pipe#short");
    assertThat(SCHEMA.entrySortKey("bag", "c1")).isEqualTo("s#bag#c1");
    assertThat(List.of(-5L, -1L, 0L, 1L, 1_700_000_000_000L, Long.MAX_VALUE))
        .extracting(DynamoDbSchema::dueTimePrefix)
        .isSorted();
    assertThat(SCHEMA.timerIndexPartition(TimerDomain.EVENT_TIME, "key-1"))
        .isEqualTo(SCHEMA.timerIndexPartition(TimerDomain.EVENT_TIME, "key-1"))
        .startsWith("pipe#EVENT_TIME#");
  }
}
