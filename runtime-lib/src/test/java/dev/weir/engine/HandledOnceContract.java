package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.fixtures.CountPerKeyFn;
import dev.weir.fixtures.KeyColonPayload;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.DeadLetter;
import dev.weir.sink.EngineOutput;
import dev.weir.state.KeyIds;
import dev.weir.store.KeyHeader;
import dev.weir.store.Stores;
import dev.weir.timer.WakeupScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.core.StateNamespaces;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every record a key handled is marked applied in the key's header, whatever became of it, in the
 * commit that covers the key's other effects: a record given up, dead-lettered with its failing
 * key, or sent to the late-data stream is so sent once, and a replay of its batch (Lambda replays
 * from the lowest failure and re-delivers whole batches on retries) skips it instead of sending it
 * again, so a redrive of the letter cannot apply it twice. Subclass it with a store backend.
 */
public abstract class HandledOnceContract {
  private static final int MAX_ATTEMPTS = 2;
  private static final String SHARD = "shard-0";

  /** Counts per key, and fails its bundle in {@code @FinishBundle} if it saw "unflushable". */
  public static class FailsToFinishFn extends DoFn<KV<String, String>, String> {
    @StateId("count")
    private final StateSpec<ValueState<Integer>> countSpec = StateSpecs.value(VarIntCoder.of());

    private transient boolean unflushable;

    @StartBundle
    public void start() {
      unflushable = false;
    }

    @ProcessElement
    public void process(
        @Element KV<String, String> element,
        @StateId("count") ValueState<Integer> count,
        OutputReceiver<String> out) {
      unflushable |= element.getValue().endsWith(":unflushable");
      int next = (count.read() == null ? 0 : count.read()) + 1;
      count.write(next);
      out.output(element.getKey() + "#" + next);
    }

    @FinishBundle
    public void finish() {
      if (unflushable) {
        throw new IllegalStateException("cannot flush");
      }
    }
  }

  /** Keeps 10 KB of state per key (too much for a DynamoDB header item); throws on "poison". */
  public static class LargeStateFn extends DoFn<KV<String, String>, String> {
    @StateId("blob")
    private final StateSpec<ValueState<String>> blobSpec = StateSpecs.value(StringUtf8Coder.of());

    @ProcessElement
    public void process(
        @Element KV<String, String> element, @StateId("blob") ValueState<String> blob) {
      if (element.getValue().contains("poison")) {
        throw new IllegalStateException("cannot handle " + element.getValue());
      }
      blob.write(element.getValue().repeat(10_240 / element.getValue().length() + 1));
    }
  }

  private final List<EngineOutput<String>> outputs = new ArrayList<>();
  private final List<DeadLetter> letters = new ArrayList<>();
  private final List<LateElement<String>> late = new ArrayList<>();
  private Stores stores;

  /** A backend, fresh or shared by no other test. */
  protected abstract Stores createStores();

  @BeforeEach
  void setUpStores() {
    stores = createStores();
  }

  private ShardBatchProcessor<String> batches(WeirPipeline<String, String, String> pipeline) {
    WeirEngine<String, String, String> engine =
        new WeirEngine<>(
            pipeline,
            stores,
            outputs::addAll,
            WakeupScheduler.none(),
            late::addAll,
            null,
            new Retries(stores.attempts(), MAX_ATTEMPTS),
            new DeadLetteringGivenUp("input", letters::addAll));
    return new ShardBatchProcessor<>(
        engine, "input", letters::addAll, stores.attempts(), MAX_ATTEMPTS);
  }

  private static List<InputRecord> batch(
      WeirPipeline<String, String, String> pipeline, String... values) {
    List<InputRecord> records = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      records.add(KeyColonPayload.record(pipeline, Integer.toString(i + 1), values[i]));
    }
    return records;
  }

  private KeyHeader header(String key) {
    return stores.state().readHeader(new KeyIds<>(StringUtf8Coder.of()).idOf(key));
  }

  private List<String> outputValues() {
    return outputs.stream().map(EngineOutput::value).toList();
  }

  @Test
  void aGivenUpRecordIsDeadLetteredOnceAndReplaysOfItsBatchSkipIt() {
    WeirPipeline<String, String, String> pipeline =
        KeyColonPayload.pipeline("given-up", new CountPerKeyFn());
    ShardBatchProcessor<String> batches = batches(pipeline);
    List<InputRecord> batch = batch(pipeline, "other:1", "k:poison");

    assertThat(batches.process(SHARD, batch, new Instant(0)).replayFrom()).contains("2");
    assertThat(batches.process(SHARD, batch, new Instant(0)).replayFrom()).isEmpty();
    assertThat(letters).extracting(DeadLetter::reason).containsExactly("failing-record");

    // Lambda delivers the batch again (a later key failed, or the invocation timed out).
    ShardBatchProcessor.Outcome replay = batches.process(SHARD, batch, new Instant(0));

    assertThat(replay.deadLettered()).isZero();
    assertThat(letters).as("the record is dead-lettered once").hasSize(1);
    assertThat(header("k").hasApplied(SHARD, "2")).as("the given-up record is applied").isTrue();
    assertThat(outputValues()).containsExactly("other#1");
  }

  @Test
  void aGivenUpRecordOfAKeyWithLargeStateIsDeadLetteredOnce() {
    WeirPipeline<String, String, String> pipeline =
        KeyColonPayload.pipeline("given-up-large", new LargeStateFn());
    ShardBatchProcessor<String> batches = batches(pipeline);
    List<InputRecord> batch = batch(pipeline, "k:1", "k:poison");
    batches.process(SHARD, batch.subList(0, 1), new Instant(0));
    KeyHeader before = header("k");

    batches.process(SHARD, batch, new Instant(0));
    batches.process(SHARD, batch, new Instant(0));
    ShardBatchProcessor.Outcome replay = batches.process(SHARD, batch, new Instant(0));

    assertThat(replay.deadLettered()).isZero();
    assertThat(letters).extracting(DeadLetter::reason).containsExactly("failing-record");
    assertThat(header("k").version()).isEqualTo(before.version() + 1);
    assertThat(header("k").appliedSequenceNumbers()).isEqualTo(Map.of(SHARD, "2"));
  }

  @Test
  void aFailingKeysRecordsAreDeadLetteredOnceAndMarkedAppliedWithoutItsState() {
    WeirPipeline<String, String, String> pipeline =
        KeyColonPayload.pipeline("failing-key", payload -> new Instant(1_000))
            .doFn(new FailsToFinishFn(), StringUtf8Coder.of())
            .build();
    ShardBatchProcessor<String> batches = batches(pipeline);
    List<InputRecord> batch = batch(pipeline, "bad:unflushable", "good:1", "bad:2");
    assertThat(batches.process(SHARD, batch, new Instant(0)).replayFrom()).contains("1");
    ShardBatchProcessor.Outcome given = batches.process(SHARD, batch, new Instant(0));
    assertThat(given.replayFrom()).isEmpty();
    assertThat(letters)
        .extracting(DeadLetter::reason, DeadLetter::sequenceNumber)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("failing-key", "1"),
            org.assertj.core.groups.Tuple.tuple("failing-key", "3"));

    ShardBatchProcessor.Outcome replay = batches.process(SHARD, batch, new Instant(0));

    assertThat(replay.deadLettered()).isZero();
    assertThat(letters).as("each record is dead-lettered once").hasSize(2);
    KeyHeader bad = header("bad");
    assertThat(bad.appliedSequenceNumbers()).isEqualTo(Map.of(SHARD, "3"));
    assertThat(
            stores
                .state()
                .readNamespace(
                    new KeyIds<>(StringUtf8Coder.of()).idOf("bad"),
                    bad,
                    StateNamespaces.global().stringKey())
                .cells())
        .as("marking the letters applied changes no state")
        .isEmpty();
    assertThat(outputValues())
        .as("the failing key's outputs never went out")
        .containsOnly("good#1");
  }

  @Test
  void aFailingKeysRecordsAlreadyAppliedAreNotDeadLettered() {
    WeirPipeline<String, String, String> pipeline =
        KeyColonPayload.pipeline("failing-key-applied", payload -> new Instant(1_000))
            .doFn(new FailsToFinishFn(), StringUtf8Coder.of())
            .build();
    ShardBatchProcessor<String> batches = batches(pipeline);
    List<InputRecord> batch = batch(pipeline, "k:1", "k:unflushable");
    batches.process(SHARD, batch.subList(0, 1), new Instant(0));

    // The batch read again from its first record, now with a record the key cannot flush.
    batches.process(SHARD, batch, new Instant(0));
    ShardBatchProcessor.Outcome given = batches.process(SHARD, batch, new Instant(0));

    assertThat(given.replayFrom()).isEmpty();
    assertThat(letters)
        .as("the record the key applied before is no failing record of it")
        .extracting(DeadLetter::reason, DeadLetter::sequenceNumber)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("failing-key", "2"));
    assertThat(header("k").appliedSequenceNumbers()).isEqualTo(Map.of(SHARD, "2"));
    assertThat(outputValues()).containsExactly("k#1");
  }

  @Test
  void aLateRecordOfAKeyThatCommitsNothingIsSentLateOnce() {
    WeirPipeline<String, String, String> pipeline =
        KeyColonPayload.pipeline("late", payload -> new Instant(Long.parseLong(payload)))
            .windowing(FixedWindows.of(Duration.standardMinutes(1)), Duration.ZERO)
            .doFn(new CountPerKeyFn(), StringUtf8Coder.of())
            .build();
    stores.shards().advanceGlobalWatermark(120_000);
    ShardBatchProcessor<String> batches = batches(pipeline);
    List<InputRecord> batch = batch(pipeline, "k:1000", "on-time:130000");

    assertThat(batches.process(SHARD, batch, new Instant(0)).late()).isEqualTo(1);
    ShardBatchProcessor.Outcome replay = batches.process(SHARD, batch, new Instant(0));

    assertThat(replay.late()).isZero();
    assertThat(late)
        .as("the late record is sent once")
        .extracting(element -> element.record().sequenceNumber())
        .containsExactly("1");
    assertThat(header("k").hasApplied(SHARD, "1")).isTrue();
    assertThat(outputValues()).containsExactly("on-time#1");
  }
}
