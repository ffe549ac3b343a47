package dev.weir.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.state.KeyIds;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.StoredState;
import dev.weir.testing.WeirTestDriver;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Once a window expires, nothing of its state is left in the table: not in a key stored inline and
 * not in one stored as items, whose cells were cleared with markers over dead entries.
 */
class WindowExpiryIT {
  private static final Duration WINDOW = Duration.standardMinutes(1);

  @Test
  void anExpiredWindowLeavesNoItemsCellsOrTimers() {
    DynamoDbSchema schema = EmbeddedDynamoDb.get().ownTable();
    DynamoDbStore store = new DynamoDbStore(EmbeddedDynamoDb.get().client(), schema);
    WeirPipeline<String, Event, String> pipeline =
        WeirPipeline.<String, Event, String>builder("window-expiry")
            .input(BatchedRpcPipeline::decode, EventCoder.of())
            .key(Event::key, StringUtf8Coder.of())
            .eventTime(Event::eventTime)
            .windowing(FixedWindows.of(WINDOW), Duration.standardSeconds(10))
            .doFn(new WindowedLedgerFn(), StringUtf8Coder.of())
            .build();
    try (WeirTestDriver<String, Event, String> driver =
        WeirTestDriver.of(pipeline, store.asStores(), new Instant(0))) {
      List<Event> events = new ArrayList<>();
      for (int i = 1; i <= 150; i++) {
        // Two windows of a busy key (beyond its header item) and a quiet key (inline).
        events.add(new Event("busy", i, i * 700L, "payload-" + "x".repeat(64)));
      }
      events.add(new Event("quiet", 1_001, 5_000, "a"));
      events.add(new Event("quiet", 1_002, 70_000, "b"));
      for (int from = 0; from < events.size(); from += 25) {
        assertThat(
                driver
                    .sendAll(events.subList(from, Math.min(events.size(), from + 25)))
                    .failedKeys())
            .isEmpty();
      }
      StoredState.Inventory open = StoredState.of(EmbeddedDynamoDb.get().client(), schema);
      assertThat(open.byKind())
          .containsKeys(
              StoredState.ENTRY_ITEMS,
              StoredState.CLEAR_MARKERS,
              StoredState.TIMER_ITEMS,
              StoredState.INLINE_CELLS,
              StoredState.INLINE_TIMERS);

      driver.advanceProcessingTime(Duration.standardSeconds(2)).advanceWatermarkToInfinity();

      assertThat(driver.outputValues())
          .contains("busy count=85", "busy count=65", "quiet count=1", "busy nudged");
      StoredState.Inventory left = StoredState.of(EmbeddedDynamoDb.get().client(), schema);
      assertThat(left.examples()).as("left after every window expired").isEmpty();
      assertThat(left.total()).isZero();
      for (String key : List.of("busy", "quiet")) {
        assertThat(
                StoredState.headerExpiry(
                    EmbeddedDynamoDb.get().client(),
                    schema,
                    new KeyIds<>(StringUtf8Coder.of()).idOf(key)))
            .as("the header of %s, which holds nothing, expires", key)
            .isPresent();
      }
    }
  }
}
