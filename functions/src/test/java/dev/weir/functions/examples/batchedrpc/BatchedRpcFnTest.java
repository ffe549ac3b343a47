package dev.weir.functions.examples.batchedrpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.BundleResult;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent.Flush;
import dev.weir.sink.EngineOutput;
import dev.weir.testing.WeirTestDriver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The post's three flush paths, each with its exact outputs. */
class BatchedRpcFnTest {
  private static final IntervalWindow FIRST_MINUTE =
      new IntervalWindow(new Instant(0), new Instant(60_000));

  private final CountingEnrichment enrichment = new CountingEnrichment("batched-rpc-test");
  private WeirTestDriver<String, Event, EnrichedEvent> driver;

  @BeforeEach
  void setUp() {
    enrichment.reset();
    driver = WeirTestDriver.of(BatchedRpcPipeline.pipeline(3, enrichment));
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private static Event event(String key, long id, long eventTimeMillis) {
    return new Event(key, id, eventTimeMillis, "action-" + id);
  }

  private static EnrichedEvent enriched(Event event, int batchSize, Flush flush) {
    return new EnrichedEvent(event, "profile-of-" + event.key(), batchSize, flush);
  }

  @Test
  void flushesWhenTheBufferIsFull() {
    Event e1 = event("alice", 1, 10_000);
    Event e2 = event("alice", 2, 20_000);
    Event e3 = event("alice", 3, 30_000);
    driver.send(e1);
    driver.send(e2);
    assertThat(driver.outputs()).isEmpty();
    assertThat(driver.<ValueState<Integer>>state("alice", FIRST_MINUTE, "count").read())
        .isEqualTo(2);

    driver.send(e3);

    assertThat(driver.outputs())
        .extracting(EngineOutput::value, EngineOutput::timestamp, EngineOutput::window)
        .containsExactly(
            tuple(enriched(e1, 3, Flush.SIZE), 30_000),
            tuple(enriched(e2, 3, Flush.SIZE), 30_000),
            tuple(enriched(e3, 3, Flush.SIZE), 30_000));
    assertThat(enrichment.calls()).isEqualTo(1);
    assertThat(driver.<ValueState<Integer>>state("alice", FIRST_MINUTE, "count").read()).isNull();
    assertThat(driver.<BagState<Event>>state("alice", FIRST_MINUTE, "buffer").read()).isEmpty();
  }

  @Test
  void flushesWhenTheBufferGoesStaleInProcessingTime() {
    Event e1 = event("bob", 1, 10_000);
    Event e2 = event("bob", 2, 12_000);
    driver.send(e1, e2);

    driver.advanceProcessingTimeTo(new Instant(1_000));
    assertThat(driver.outputs()).as("fires only once processing time is past 1 s").isEmpty();

    driver.advanceProcessingTime(Duration.millis(1));

    assertThat(driver.outputs())
        .extracting(EngineOutput::value, EngineOutput::timestamp, EngineOutput::window)
        .containsExactly(
            tuple(enriched(e1, 2, Flush.STALE), 10_000),
            tuple(enriched(e2, 2, Flush.STALE), 10_000));
    assertThat(enrichment.calls()).isEqualTo(1);
    assertThat(driver.counters().processingTimersFired()).isEqualTo(1);
  }

  @Test
  void flushesWhenTheWindowExpiresAndDropsLateDataAfterwards() {
    Event e1 = event("carol", 1, 10_000);
    Event e2 = event("carol", 2, 50_000);
    driver.send(e2, e1);

    driver.advanceWatermarkTo(new Instant(89_999));
    assertThat(driver.outputs()).as("expiry is at 59.999 s + 30 s lateness").isEmpty();

    driver.advanceWatermarkTo(new Instant(90_000));
    assertThat(driver.outputs())
        .extracting(EngineOutput::value, EngineOutput::timestamp, EngineOutput::window)
        .containsExactly(
            tuple(enriched(e2, 2, Flush.EXPIRY), 89_999),
            tuple(enriched(e1, 2, Flush.EXPIRY), 89_999));

    driver.advanceWatermarkTo(new Instant(90_001));
    assertThat(driver.<ValueState<Integer>>state("carol", FIRST_MINUTE, "count").read())
        .as("garbage collection at the end of the window's lateness clears the state")
        .isNull();

    BundleResult<Event> late = driver.send(event("carol", 3, 40_000));
    assertThat(late.late()).hasSize(1);
    assertThat(late.processed()).isEqualTo(1);
    driver.advanceProcessingTime(Duration.standardMinutes(5));
    driver.advanceWatermarkToInfinity();
    assertThat(driver.outputs()).hasSize(2);
    assertThat(enrichment.calls()).isEqualTo(1);
  }

  @Test
  void outputIdsAreDeterministicAndDistinct() {
    driver.send(event("dave", 1, 1_000), event("dave", 2, 2_000), event("dave", 3, 3_000));
    List<String> ids = driver.outputs().stream().map(EngineOutput::id).toList();
    try (WeirTestDriver<String, Event, EnrichedEvent> again =
        WeirTestDriver.of(BatchedRpcPipeline.pipeline(3, enrichment))) {
      again.send(event("dave", 1, 1_000), event("dave", 2, 2_000), event("dave", 3, 3_000));
      assertThat(again.outputs().stream().map(EngineOutput::id).toList()).isEqualTo(ids);
    }
    assertThat(ids).doesNotHaveDuplicates().hasSize(3);
  }

  @Test
  void decodesJsonRecordsAndRejectsMalformedOnesWithoutLosingTheRest() {
    BundleResult<Event> result =
        driver.sendRecords(
            List.of(
                bytes("{\"key\":\"erin\",\"id\":1,\"eventTimeMillis\":5000,\"payload\":\"a\"}"),
                bytes("{not json"),
                bytes("{\"key\":\"erin\",\"id\":2,\"eventTimeMillis\":6000,\"payload\":\"b\"}")));

    assertThat(result.processed()).isEqualTo(2);
    assertThat(result.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).startsWith("undecodable");
              assertThat(new String(r.record().data(), StandardCharsets.UTF_8))
                  .isEqualTo("{not json");
            });
    assertThat(driver.<ValueState<Integer>>state("erin", FIRST_MINUTE, "count").read())
        .isEqualTo(2);
  }

  @Test
  void eventsRoundTripThroughTheirJsonRecords() throws Exception {
    Event event = new Event("fred", 42, 1_700_000_000_000L, "ünïcode \"quoted\"");
    assertThat(BatchedRpcPipeline.decode(BatchedRpcPipeline.encode(event))).isEqualTo(event);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static org.assertj.core.groups.Tuple tuple(EnrichedEvent value, long timestampMillis) {
    return org.assertj.core.groups.Tuple.tuple(value, new Instant(timestampMillis), FIRST_MINUTE);
  }
}
