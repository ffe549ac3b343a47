package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.fixtures.CountPerKeyFn;
import dev.weir.fixtures.KeyColonPayload;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.DeadLetter;
import dev.weir.sink.EngineOutput;
import dev.weir.state.KeyIds;
import dev.weir.store.Stores;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.timer.KeyTick;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.WakeupScheduler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The batch use case the processor function runs, under Lambda's partial-failure contract: what
 * cannot be processed is dead-lettered with a reason, a failing key is retried from its first
 * record, a record the DoFn keeps failing on is given up alone after its attempts, and the rest of
 * the batch is unaffected.
 */
class ShardBatchProcessorTest {
  private static final int MAX_ATTEMPTS = 2;

  private final WeirPipeline<String, String, String> pipeline =
      KeyColonPayload.pipeline("batches", new CountPerKeyFn());
  private final Stores stores = new InMemoryStore().asStores();
  private final List<EngineOutput<String>> outputs = new ArrayList<>();
  private final List<DeadLetter> letters = new ArrayList<>();
  private final WeirEngine<String, String, String> engine =
      new WeirEngine<>(
          pipeline,
          stores,
          outputs::addAll,
          WakeupScheduler.none(),
          late -> {},
          null,
          new Retries(stores.attempts(), MAX_ATTEMPTS),
          new DeadLetteringGivenUp("input", letters::addAll));
  private final ShardBatchProcessor<String> batches =
      new ShardBatchProcessor<>(engine, "input", letters::addAll, stores.attempts(), MAX_ATTEMPTS);

  private List<InputRecord> records(String... values) {
    List<InputRecord> records = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      records.add(KeyColonPayload.record(pipeline, Integer.toString(i + 1), values[i]));
    }
    return records;
  }

  private List<String> outputValues() {
    return outputs.stream().map(EngineOutput::value).toList();
  }

  @Test
  void anUndecodableRecordIsDeadLetteredAtOnceAndTheRestIsProcessed() {
    ShardBatchProcessor.Outcome outcome =
        batches.process("shard-0", records("a:1", "no key here", "a:2"), new Instant(0));

    assertThat(outcome.replayFrom()).isEmpty();
    assertThat(outcome.processed()).isEqualTo(2);
    assertThat(letters)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.reason()).isEqualTo("undecodable");
              assertThat(letter.sequenceNumber()).isEqualTo("2");
              assertThat(letter.stream()).isEqualTo("input");
            });
    assertThat(outputValues()).containsExactly("a#1", "a#2");
  }

  @Test
  void aPoisonRecordIsRetriedThenGivenUpAloneWhileOtherKeysGoOn() {
    List<InputRecord> batch = records("k:1", "other:1", "k:poison", "k:2");

    ShardBatchProcessor.Outcome first = batches.process("shard-0", batch, new Instant(0));
    assertThat(first.replayFrom()).as("the failing key's first record").contains("1");
    assertThat(letters).isEmpty();
    assertThat(outputValues()).containsExactly("other#1");

    ShardBatchProcessor.Outcome replay = batches.process("shard-0", batch, new Instant(0));
    assertThat(replay.replayFrom()).isEmpty();
    assertThat(letters)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.reason()).isEqualTo("failing-record");
              assertThat(letter.sequenceNumber()).isEqualTo("3");
              assertThat(letter.error()).contains("cannot handle k:poison");
            });
    assertThat(outputValues())
        .as("the key's other records once each, the other key's not again")
        .containsExactly("other#1", "k#1", "k#2");
  }

  @Test
  void aRecordOfAnotherKeysPartitionIsDeadLetteredAsAMismatch() {
    byte[] data = "k:1".getBytes(StandardCharsets.UTF_8);
    InputRecord misrouted = new InputRecord("1", "not-k", data, new Instant(0));

    batches.process("shard-0", List.of(misrouted), new Instant(0));

    assertThat(letters).extracting(DeadLetter::reason).containsExactly("partition-key-mismatch");
    assertThat(outputs).isEmpty();
  }

  @Test
  void aTimerTickOfAnotherKeysPartitionIsDeadLetteredAsABadTick() {
    String keyId = new KeyIds<>(StringUtf8Coder.of()).idOf("k");
    KeyTick tick = new KeyTick("batches", keyId, List.of("/"), "not-k", TimerDomain.EVENT_TIME, 0);

    batches.process(
        "shard-0",
        List.of(new InputRecord("1", "not-k", tick.encode(), new Instant(0))),
        new Instant(0));

    assertThat(letters)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.reason()).isEqualTo("bad-timer-tick");
              assertThat(letter.error()).contains("'not-k'", "'k'");
            });
  }
}
