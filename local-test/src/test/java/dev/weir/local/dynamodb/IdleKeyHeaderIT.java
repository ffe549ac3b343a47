package dev.weir.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.BundleResult;
import dev.weir.engine.InputRecord;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import dev.weir.functions.wiring.SettableClock;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.state.KeyIds;
import dev.weir.store.KeyHeader;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.ReplayHorizon;
import dev.weir.store.dynamodb.StoredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A key keeps no header for good: once its windows expire and it holds nothing, its header gets the
 * TTL at which no record it applied can be delivered again (the input's retention past the latest
 * arrival, plus an hour); until then a replay is still skipped, and after DynamoDB deletes it the
 * key starts afresh. A shard whose records are all past that horizon drops out of the headers of
 * keys committed later.
 */
class IdleKeyHeaderIT {
  private static final long T0 = 1_000_000_000_000L;
  private static final long HORIZON = java.time.Duration.ofHours(25).toMillis();
  private static final String SHARD = "shardId-000000000000";

  private final DynamoDbClient client = EmbeddedDynamoDb.get().client();
  private final DynamoDbSchema schema = EmbeddedDynamoDb.get().ownTable();
  private final SettableClock clock = new SettableClock(T0);
  private final DynamoDbStore store = new DynamoDbStore(client, schema, ReplayHorizon.of(clock));
  private final List<EngineOutput<String>> outputs = new ArrayList<>();
  private final WeirEngine<String, Event, String> engine =
      new WeirEngine<>(pipeline(), store.asStores(), outputs::addAll);
  private final String quiet = new KeyIds<>(StringUtf8Coder.of()).idOf("quiet");

  @Test
  void anIdleKeysHeaderExpiresOnlyOnceNoReplayCanNeedIt() {
    InputRecord first = record("1", "quiet", 1, T0);
    assertThat(process(SHARD, first, T0).failedKeys()).isEmpty();
    assertThat(StoredState.headerExpiry(client, schema, quiet)).as("holds state").isEmpty();

    expireEveryWindow(T0 + 120_000);
    assertThat(outputValues()).contains("quiet count=1");
    assertThat(StoredState.of(client, schema).total()).as("nothing held, nothing kept").isZero();
    assertThat(StoredState.headerExpiry(client, schema, quiet))
        .hasValue((T0 + HORIZON) / 1_000 + 1);

    outputs.clear();
    BundleResult<Event> replay = process(SHARD, first, T0 + 180_000);
    assertThat(replay.replaysSkipped()).as("the header still knows the record").isEqualTo(1);
    assertThat(outputs).isEmpty();

    assertThat(
            DynamoDbTtl.deleteExpired(client, schema, java.time.Instant.ofEpochMilli(T0 + HORIZON)))
        .as("not before the horizon")
        .isZero();
    assertThat(
            DynamoDbTtl.deleteExpired(
                client, schema, java.time.Instant.ofEpochMilli(T0 + HORIZON + 2_000)))
        .isEqualTo(1);
    assertThat(store.readHeader(quiet)).isEqualTo(KeyHeader.NEW);

    long later = T0 + HORIZON + 60_000;
    clock.set(later);
    assertThat(process(SHARD, record("2", "quiet", 2, later), later).failedKeys()).isEmpty();
    expireEveryWindow(later + 120_000);
    assertThat(outputValues()).as("the key starts afresh").contains("quiet count=1");
  }

  @Test
  void aKeyWithStateNeverExpiresAndLosesItsTtlWhenStateComesBack() {
    assertThat(process(SHARD, record("1", "quiet", 1, T0), T0).failedKeys()).isEmpty();
    expireEveryWindow(T0 + 120_000);
    assertThat(StoredState.headerExpiry(client, schema, quiet)).isPresent();

    assertThat(process(SHARD, record("2", "quiet", 2, T0 + 130_000), T0 + 130_000).failedKeys())
        .isEmpty();
    assertThat(StoredState.headerExpiry(client, schema, quiet)).as("holds state again").isEmpty();
    assertThat(
            DynamoDbTtl.deleteExpired(
                client, schema, java.time.Instant.ofEpochMilli(T0 + 2 * HORIZON)))
        .isZero();
    assertThat(store.readHeader(quiet).version()).isPositive();
  }

  @Test
  void aKeySpreadOverItemsIsInlineAgainAndExpiresOnceItsLastWindowAndTimerAreGone() {
    String busy = new KeyIds<>(StringUtf8Coder.of()).idOf("busy");
    List<InputRecord> records = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      byte[] data = BatchedRpcPipeline.encode(new Event("busy", i, T0, "x".repeat(600)));
      records.add(new InputRecord(Integer.toString(i), "busy", data, new Instant(T0)));
    }
    assertThat(engine.processBundle(SHARD, records, new Instant(T0)).failedKeys()).isEmpty();
    assertThat(StoredState.of(client, schema).byKind()).containsKey(StoredState.ENTRY_ITEMS);

    // The window expires while its processing-time nudge is still pending.
    clock.set(T0 + 120_000);
    store.advanceGlobalWatermark(T0 + 120_000);
    engine.fireEventTimers(new Instant(T0));
    assertThat(outputValues()).contains("busy count=20").doesNotContain("busy nudged");
    assertThat(StoredState.of(client, schema).byKind()).containsOnlyKeys(StoredState.TIMER_ITEMS);
    assertThat(StoredState.headerExpiry(client, schema, busy)).as("a timer is left").isEmpty();

    engine.fireProcessingTimers(new Instant(T0 + 120_000));
    assertThat(StoredState.of(client, schema).total()).isZero();
    assertThat(StoredState.headerExpiry(client, schema, busy)).hasValue((T0 + HORIZON) / 1_000 + 1);
    assertThat(
            DynamoDbTtl.deleteExpired(
                client, schema, java.time.Instant.ofEpochMilli(T0 + HORIZON + 2_000)))
        .isEqualTo(1);
    assertThat(store.readHeader(busy)).isEqualTo(KeyHeader.NEW);
  }

  @Test
  void aShardPastTheHorizonIsForgottenByLaterCommits() {
    String old = "shardId-000000000001";
    assertThat(process(old, record("7", "busy", 1, T0), T0).failedKeys()).isEmpty();
    assertThat(store.readHeader(new KeyIds<>(StringUtf8Coder.of()).idOf("busy")).appliedArrivals())
        .isEqualTo(Map.of(old, T0));

    long later = T0 + HORIZON + 1_000;
    clock.set(later);
    assertThat(process(SHARD, record("8", "busy", 2, later), later).failedKeys()).isEmpty();

    KeyHeader header = store.readHeader(new KeyIds<>(StringUtf8Coder.of()).idOf("busy"));
    assertThat(header.appliedSequenceNumbers()).isEqualTo(Map.of(SHARD, "8"));
    assertThat(header.appliedArrivals()).isEqualTo(Map.of(SHARD, later));
  }

  private BundleResult<Event> process(String shard, InputRecord record, long nowMillis) {
    return engine.processBundle(shard, List.of(record), new Instant(nowMillis));
  }

  /** Moves both clocks far past every window, firing what is due. */
  private void expireEveryWindow(long nowMillis) {
    clock.set(nowMillis);
    store.advanceGlobalWatermark(nowMillis);
    engine.fireEventTimers(new Instant(nowMillis));
    engine.fireProcessingTimers(new Instant(nowMillis));
    engine.fireEventTimers(new Instant(nowMillis));
  }

  private List<String> outputValues() {
    return outputs.stream().map(EngineOutput::value).toList();
  }

  private static InputRecord record(String seq, String key, long id, long arrivalMillis) {
    byte[] data = BatchedRpcPipeline.encode(new Event(key, id, arrivalMillis, "p"));
    return new InputRecord(seq, key, data, new Instant(arrivalMillis));
  }

  private static WeirPipeline<String, Event, String> pipeline() {
    return WeirPipeline.<String, Event, String>builder("idle-keys")
        .input(BatchedRpcPipeline::decode, EventCoder.of())
        .key(Event::key, StringUtf8Coder.of())
        .eventTime(Event::eventTime)
        .windowing(FixedWindows.of(Duration.standardMinutes(1)), Duration.standardSeconds(10))
        .doFn(new WindowedLedgerFn(), StringUtf8Coder.of())
        .build();
  }
}
