package dev.weir.functions.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The processor handler on real-shaped Kinesis events. */
class ProcessorFunctionTest {
  private static final String FIRST_SEQUENCE =
      "49590000000000000000000000000000000000000000000000000001";

  /** Echoes payloads, and fails for the payload "boom": a key that keeps failing. */
  static class ExplodingFn extends DoFn<KV<String, Event>, String> {
    @ProcessElement
    public void process(@Element KV<String, Event> element, OutputReceiver<String> out) {
      if (element.getValue().payload().equals("boom")) {
        throw new IllegalStateException("the DoFn cannot handle boom");
      }
      out.output(element.getValue().payload());
    }
  }

  private static WeirPipeline<String, Event, String> exploding() {
    return WeirPipeline.<String, Event, String>builder("exploding")
        .input(BatchedRpcPipeline::decode, EventCoder.of())
        .key(Event::key, StringUtf8Coder.of())
        .eventTime(Event::eventTime)
        .windowing(FixedWindows.of(Duration.standardMinutes(1)), Duration.ZERO)
        .doFn(new ExplodingFn(), StringUtf8Coder.of())
        .build();
  }

  private static final String SHARD = "shardId-000000000000";

  /** Echoes payloads and sets a timer a second later whose callback always throws. */
  static class FailingTimerFn extends DoFn<KV<String, Event>, String> {
    @TimerId("later")
    private final TimerSpec later = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(
        @Element KV<String, Event> element,
        @Timestamp Instant timestamp,
        @TimerId("later") Timer timer,
        OutputReceiver<String> out) {
      timer.set(timestamp.plus(Duration.standardSeconds(1)));
      out.output(element.getValue().payload());
    }

    @OnTimer("later")
    public void onLater() {
      throw new IllegalStateException("the timer cannot be handled");
    }
  }

  @Test
  void aTimerThatKeepsFailingIsDeadLetteredAndFailsNoRecord() {
    TestWiring<Event, String> test =
        new TestWiring<>(
            WeirPipeline.<String, Event, String>builder("failing-timer")
                .input(BatchedRpcPipeline::decode, EventCoder.of())
                .key(Event::key, StringUtf8Coder.of())
                .eventTime(Event::eventTime)
                .windowing(FixedWindows.of(Duration.standardMinutes(1)), Duration.ZERO)
                .doFn(new FailingTimerFn(), StringUtf8Coder.of())
                .build(),
            3);
    ProcessorFunction function = new ProcessorFunction(test.wiring);
    function.handleRequest(batch(), null);
    test.store.advanceGlobalWatermark(200_000);

    for (int attempt = 1; attempt <= 3; attempt++) {
      // The batch again: its records are skipped as applied, their keys' due timers fire.
      assertThat(function.handleRequest(batch(), null).getBatchItemFailures()).isEmpty();
    }

    assertThat(test.deadLetters)
        .filteredOn(letter -> letter.reason().equals("failing-timer"))
        .isNotEmpty()
        .allSatisfy(
            letter -> {
              assertThat(letter.keyId()).isNotEmpty();
              assertThat(letter.error()).contains("the timer cannot be handled");
              assertThat(letter.timer().domain()).isEqualTo("EVENT_TIME");
              assertThat(letter.timer().window()).contains("1970-01-01");
              assertThat(letter.data()).isNull();
            });
    assertThat(test.deadLetters)
        .extracting(DeadLetter::reason)
        .containsOnly("undecodable", "failing-timer");
  }

  private static KinesisEvent batch() {
    return EventLoader.loadKinesisEvent("events/kinesis-batch.json");
  }

  @Test
  void anUndecodableRecordIsDeadLetteredWithEverythingNeededAndTheRestFlows() {
    TestWiring<Event, EnrichedEvent> test =
        new TestWiring<>(
            BatchedRpcPipeline.pipeline(10, new CountingEnrichment("processor-test")), 3);
    ProcessorFunction function = new ProcessorFunction(test.wiring);

    StreamsEventResponse response = function.handleRequest(batch(), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(test.deadLetters)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.reason()).isEqualTo("undecodable");
              assertThat(letter.shardId()).isEqualTo("shardId-000000000000");
              assertThat(letter.sequenceNumber()).endsWith("0003");
              assertThat(letter.partitionKey()).isEqualTo("mallory");
              assertThat(
                      new String(
                          Base64.getDecoder().decode(letter.data().base64()),
                          StandardCharsets.UTF_8))
                  .isEqualTo("this is not json");
            });
    assertThat(test.wiring.engine().counters().elements()).isEqualTo(5);
  }

  @Test
  void aRecordWrittenWithAnotherPartitionKeyThanItsKeysIsDeadLetteredWithThatReason() {
    TestWiring<Event, EnrichedEvent> test =
        new TestWiring<>(
            BatchedRpcPipeline.pipeline(10, new CountingEnrichment("processor-test")), 3);
    KinesisEvent batch = batch();
    // Alice's event in another shard than her other records and timers would race them.
    batch.getRecords().get(0).getKinesis().setPartitionKey("load-balanced-7");

    new ProcessorFunction(test.wiring).handleRequest(batch, null);

    assertThat(test.deadLetters)
        .filteredOn(letter -> letter.reason().equals("partition-key-mismatch"))
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.partitionKey()).isEqualTo("load-balanced-7");
              assertThat(letter.error()).contains("'load-balanced-7'", "'alice'");
            });
    assertThat(test.wiring.engine().counters().elements()).isEqualTo(4);
  }

  @Test
  void aRedeliveredBatchChangesStateOnce() {
    TestWiring<Event, EnrichedEvent> test =
        new TestWiring<>(
            BatchedRpcPipeline.pipeline(10, new CountingEnrichment("processor-test")), 3);
    ProcessorFunction function = new ProcessorFunction(test.wiring);
    function.handleRequest(batch(), null);
    long commits = test.store.commitCount();

    function.handleRequest(batch(), null);

    assertThat(test.store.commitCount()).isEqualTo(commits);
    assertThat(test.wiring.engine().counters().snapshot().get("replaysSkipped")).isEqualTo(5);
  }

  @Test
  void aFailingRecordIsRetriedWithItsKeyThenDeadLetteredAloneAndItsKeyGoesOn() {
    TestWiring<Event, String> test = new TestWiring<>(exploding(), 3);
    ProcessorFunction function = new ProcessorFunction(test.wiring);

    StreamsEventResponse first = function.handleRequest(batch(), null);
    assertThat(first.getBatchItemFailures())
        .singleElement()
        .satisfies(f -> assertThat(f.getItemIdentifier()).endsWith("0005"));
    assertThat(test.outputs)
        .extracting(o -> o.value())
        .containsExactlyInAnyOrder("view", "click", "buy");
    assertThat(test.store.shard(SHARD).orElseThrow().holds())
        .as("the failed key's records will come back: they hold the shard's watermark")
        .hasSize(1);

    function.handleRequest(batch(), null);
    StreamsEventResponse third = function.handleRequest(batch(), null);

    assertThat(test.store.shard(SHARD).orElseThrow().holds())
        .as("the key committed without its poison record")
        .isEmpty();
    assertThat(third.getBatchItemFailures())
        .as("third failure: dead-lettered, shard moves on")
        .isEmpty();
    assertThat(test.deadLetters)
        .filteredOn(l -> l.reason().equals("failing-record"))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.error()).contains("the DoFn cannot handle boom");
              assertThat(l.sequenceNumber()).endsWith("0005");
              assertThat(l.keyId()).isNotBlank();
            });
    assertThat(test.outputs)
        .as("carol's other record, after the poison one, is processed")
        .extracting(o -> o.value())
        .containsExactlyInAnyOrder("view", "click", "buy", "view");
    assertThat(test.outputs).extracting(o -> o.id()).doesNotHaveDuplicates();
  }

  @Test
  void aRecordGivenUpIsMarkedAppliedOnlyOnceItsLetterWasSent() {
    TestWiring<Event, String> test = new TestWiring<>(exploding(), 3);
    ProcessorFunction function = new ProcessorFunction(test.wiring);
    function.handleRequest(batch(), null);
    function.handleRequest(batch(), null);
    test.deadLettersRefused = true;

    assertThatThrownBy(() -> function.handleRequest(batch(), null))
        .hasMessageContaining("dead-letter queue refused");
    test.deadLettersRefused = false;
    function.handleRequest(batch(), null);

    assertThat(test.deadLetters)
        .filteredOn(l -> l.reason().equals("failing-record"))
        .singleElement()
        .satisfies(l -> assertThat(l.sequenceNumber()).endsWith("0005"));
    // Carol's other record went out before the refused letter, and again, under its id, after.
    assertThat(test.outputs.stream().map(o -> o.id()).distinct().count()).isEqualTo(4);
  }

  @Test
  void anOutputStreamThatRefusesRecordsFailsTheInvocationAndDeadLettersNothing() {
    TestWiring<Event, String> test = new TestWiring<>(exploding(), 3);
    ProcessorFunction function = new ProcessorFunction(test.wiring);
    test.outputsRefused = true;
    KinesisEvent batch = batch();

    for (int invocation = 0; invocation < 5; invocation++) {
      assertThatThrownBy(() -> function.handleRequest(batch, null))
          .hasMessageContaining("output stream refused");
    }
    assertThat(test.deadLetters).as("good records are not given up on for Kinesis' sake").isEmpty();

    // Once the stream takes records again, the batch goes through. Every key's DoFn runs before
    // the bundle's outputs are sent, so the record whose DoFn throws ("boom") failed in each of the
    // five invocations: past its three attempts, it alone is given up and dead-lettered.
    test.outputsRefused = false;
    StreamsEventResponse response = function.handleRequest(batch, null);
    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(test.outputs).isNotEmpty();
    assertThat(test.deadLetters)
        .extracting(l -> l.reason())
        .containsExactlyInAnyOrder("undecodable", "failing-record");
  }

  /**
   * The batched-RPC pipeline after the fixture batch, its watermark past the late record's window.
   */
  private static TestWiring<Event, EnrichedEvent> afterTheWindowsClosed() {
    TestWiring<Event, EnrichedEvent> test =
        new TestWiring<>(
            BatchedRpcPipeline.pipeline(10, new CountingEnrichment("processor-test")), 3);
    new ProcessorFunction(test.wiring).handleRequest(batch(), null);
    test.store.advanceGlobalWatermark(200_000);
    return test;
  }

  private static KinesisEvent lateBatch() {
    return EventLoader.loadKinesisEvent("events/kinesis-late.json");
  }

  private static void assertTheLateRecordWasSent(TestWiring<Event, EnrichedEvent> test) {
    assertThat(test.late)
        .singleElement()
        .satisfies(l -> assertThat(l.value().payload()).isEqualTo("late"));
  }

  @Test
  void lateDataGoesToTheLateSideOutput() {
    TestWiring<Event, EnrichedEvent> test = afterTheWindowsClosed();

    new ProcessorFunction(test.wiring).handleRequest(lateBatch(), null);

    assertTheLateRecordWasSent(test);
  }

  @Test
  void lateDataTheStreamRefusedIsSentWhenTheBatchIsRetried() {
    TestWiring<Event, EnrichedEvent> test = afterTheWindowsClosed();
    ProcessorFunction function = new ProcessorFunction(test.wiring);
    test.lateRefused = true;

    assertThatThrownBy(() -> function.handleRequest(lateBatch(), null))
        .hasMessageContaining("late-data stream refused");

    // Lambda retries the batch: the late record was not committed as handled, so it is sent now.
    test.lateRefused = false;
    function.handleRequest(lateBatch(), null);
    assertTheLateRecordWasSent(test);
  }

  @Test
  void processingTimeTimersAskForAWakeUp() {
    TestWiring<Event, EnrichedEvent> test =
        new TestWiring<>(
            BatchedRpcPipeline.pipeline(10, new CountingEnrichment("processor-test")), 3);

    new ProcessorFunction(test.wiring).handleRequest(batch(), null);

    assertThat(test.wakeups)
        .as("one `stale` timer per key, 1 s after the processing time")
        .hasSize(3)
        .allSatisfy(t -> assertThat(t).isEqualTo(test.clock.millis() + 1_000));
  }

  @Test
  void eventIdsNameTheirShard() {
    assertThat(ProcessorFunction.shardOf("shardId-000000000007:" + FIRST_SEQUENCE))
        .isEqualTo("shardId-000000000007");
  }
}
