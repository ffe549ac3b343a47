package dev.weir.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.DeadLetteringGivenUp;
import dev.weir.engine.InputRecord;
import dev.weir.engine.Retries;
import dev.weir.engine.ShardBatchProcessor;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import dev.weir.inspect.PendingTimer;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.DeadLetter;
import dev.weir.sink.EngineOutput;
import dev.weir.store.Stores;
import dev.weir.testing.WeirTestDriver;
import dev.weir.timer.WakeupScheduler;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.TimerMap;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Keys built from what a user controls (key ids, state ids, timer tags) stay within what DynamoDB
 * Local accepts (a sort key holds 1,024 bytes, also in an index; an item 400 KB): long parts are
 * stored and read back, and a key too large for any item is dead-lettered with the limit named
 * instead of failing its batch on every retry.
 */
class KeyBoundsIT {
  private static final String HUNDRED =
      "state-id-of-a-hundred-characters-state-id-of-a-hundred-characters-state-id-of-a-hundred-chars";
  private static final String LONG_ID =
      HUNDRED + HUNDRED + HUNDRED + HUNDRED + HUNDRED + HUNDRED + HUNDRED + HUNDRED + HUNDRED
          + HUNDRED + HUNDRED;

  /**
   * Keeps each payload's first 9 KB (more than a key's state inline in its header) and sets a timer
   * tagged with the payload's first characters.
   */
  static class LongTagFn extends DoFn<KV<String, Event>, String> {
    private final int tagLength;

    LongTagFn(int tagLength) {
      this.tagLength = tagLength;
    }

    @StateId("last")
    private final StateSpec<ValueState<String>> lastSpec = StateSpecs.value(StringUtf8Coder.of());

    @TimerFamily("tagged")
    private final TimerSpec taggedSpec = TimerSpecs.timerMap(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(
        @Element KV<String, Event> element,
        @StateId("last") ValueState<String> last,
        @TimerFamily("tagged") TimerMap tagged) {
      String payload = element.getValue().payload();
      last.write(payload.substring(0, Math.min(9 * 1024, payload.length())));
      tagged.set(payload.substring(0, Math.min(tagLength, payload.length())), new Instant(5_000));
    }

    @OnTimerFamily("tagged")
    public void onTagged(
        @TimerId String tag, @StateId("last") ValueState<String> last, OutputReceiver<String> out) {
      out.output("fired " + tag.length() + " " + last.read().length());
    }
  }

  /** A value and a bag under state ids longer than a sort key may hold; clears on "clear". */
  static class LongStateIdFn extends DoFn<KV<String, Event>, String> {
    @StateId(LONG_ID)
    private final StateSpec<ValueState<String>> valueSpec = StateSpecs.value(StringUtf8Coder.of());

    @StateId(LONG_ID + "-bag")
    private final StateSpec<BagState<String>> bagSpec = StateSpecs.bag(StringUtf8Coder.of());

    @ProcessElement
    public void process(
        @Element KV<String, Event> element,
        @StateId(LONG_ID) ValueState<String> value,
        @StateId(LONG_ID + "-bag") BagState<String> bag,
        OutputReceiver<String> out) {
      String payload = element.getValue().payload();
      if (payload.equals("clear")) {
        out.output("value " + value.read().length() + " bag " + bag.read().iterator().next());
        bag.clear();
        return;
      }
      value.write(payload);
      bag.add("element-" + element.getValue().id());
    }
  }

  private static WeirPipeline<String, Event, String> pipeline(
      String name, DoFn<KV<String, Event>, String> doFn) {
    return WeirPipeline.<String, Event, String>builder(name)
        .input(BatchedRpcPipeline::decode, EventCoder.of())
        .key(Event::key, StringUtf8Coder.of())
        .eventTime(Event::eventTime)
        .doFn(doFn, StringUtf8Coder.of())
        .build();
  }

  @Test
  void aLongKeyWithALongTimerTagIsIndexedAndFires() {
    // A key id of 667 characters and a timer tag of 600 make an index sort key of some 1,300 bytes
    // once the key's 9 KB state lives in items of its own.
    String key = "k".repeat(500);
    String payload = "t".repeat(9 * 1024);
    try (var driver =
        WeirTestDriver.of(
            pipeline("long-tag", new LongTagFn(600)),
            EmbeddedDynamoDb.get().newStore().asStores(),
            new Instant(0))) {
      assertThat(driver.send(new Event(key, 1, 1_000, payload)).failedKeys()).isEmpty();

      driver.advanceWatermarkTo(new Instant(10_000));

      assertThat(driver.outputValues()).containsExactly("fired 600 " + payload.length());
      assertThat(driver.pendingTimers(key)).allMatch(PendingTimer::windowExpiry); // Beam's own
    }
  }

  @Test
  void stateIdsLongerThanASortKeyHoldAreStoredAndReadBack() {
    String key = "a".repeat(500);
    try (var driver =
        WeirTestDriver.of(
            pipeline("long-state-id", new LongStateIdFn()),
            EmbeddedDynamoDb.get().newStore().asStores(),
            new Instant(0))) {
      assertThat(driver.send(new Event(key, 1, 1_000, "v".repeat(9 * 1024))).failedKeys())
          .isEmpty();
      assertThat(driver.send(new Event(key, 2, 1_000, "clear")).failedKeys()).isEmpty();
      assertThat(driver.send(new Event(key, 3, 1_000, "w".repeat(9 * 1024))).failedKeys())
          .isEmpty();
      assertThat(driver.send(new Event(key, 4, 1_000, "clear")).failedKeys()).isEmpty();

      assertThat(driver.outputValues())
          .containsExactly("value 9216 bag element-1", "value 9216 bag element-3");
    }
  }

  @Test
  void aKeyTooLargeForAnItemIsDeadLetteredNamingTheLimit() {
    WeirPipeline<String, Event, String> pipeline = pipeline("huge-key", new LongTagFn(600));
    Stores stores = EmbeddedDynamoDb.get().newStore().asStores();
    List<DeadLetter> letters = new ArrayList<>();
    List<EngineOutput<String>> outputs = new ArrayList<>();
    try (WeirEngine<String, Event, String> engine =
        new WeirEngine<>(
            pipeline,
            stores,
            outputs::addAll,
            WakeupScheduler.none(),
            late -> {},
            null,
            new Retries(stores.attempts(), 3),
            new DeadLetteringGivenUp("input", letters::addAll))) {
      ShardBatchProcessor<Event> batches =
          new ShardBatchProcessor<>(engine, "input", letters::addAll, stores.attempts(), 3);
      String hugeKey = "h".repeat(320 * 1024); // its id alone is more than an item holds
      List<InputRecord> batch =
          List.of(
              record(pipeline, "1", new Event(hugeKey, 1, 1_000, "x")),
              record(pipeline, "2", new Event("small", 2, 1_000, "y")));

      ShardBatchProcessor.Outcome outcome = batches.process("shard-0", batch, new Instant(0));

      assertThat(outcome.replayFrom()).isEmpty();
      assertThat(outcome.processed()).isEqualTo(1);
      assertThat(letters)
          .singleElement()
          .satisfies(
              letter -> {
                assertThat(letter.reason()).isEqualTo("key-too-large");
                assertThat(letter.sequenceNumber()).isEqualTo("1");
                assertThat(letter.error()).contains("65,536");
              });
    }
  }

  @Test
  void aTimerTagTooLargeForAnItemFailsItsRecordWithAClearMessage() {
    try (var driver =
        WeirTestDriver.of(
            pipeline("huge-tag", new LongTagFn(Integer.MAX_VALUE)),
            EmbeddedDynamoDb.get().newStore().asStores(),
            new Instant(0))) {
      var result = driver.send(new Event("k", 1, 1_000, "t".repeat(420 * 1024)));

      assertThat(result.failedKeys())
          .singleElement()
          .satisfies(
              failed ->
                  assertThat(failed.error())
                      .hasStackTraceContaining(
                          "exceeds the 16,384 bytes a timer's family and id may hold"));
    }
  }

  private static InputRecord record(
      WeirPipeline<String, Event, String> pipeline, String sequence, Event event) {
    return new InputRecord(
        sequence,
        pipeline.partitionKeyOf(event.key()),
        BatchedRpcPipeline.encode(event),
        new Instant(0));
  }
}
