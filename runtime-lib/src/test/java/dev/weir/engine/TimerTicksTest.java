package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.pipeline.WeirPipeline;
import dev.weir.state.KeyIds;
import dev.weir.store.ShardRecord;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.timer.KeyTick;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.WakeupScheduler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

/**
 * With ticks, the functions that find due timers do not fire them: they send each key a tick, and
 * the processor that reads the tick fires the key's due timers, so a firing never races the key's
 * records. A tick only asks: what fires is what is due by the processor's clock and the stored
 * watermark, once. For that, each key's records must share the partition key its ticks are sent
 * with.
 */
class TimerTicksTest {
  /** Sets an event-time timer 10 s after each element and a processing-time one a minute on. */
  static class TwoTimersFn extends DoFn<KV<String, String>, String> {
    @TimerId("event")
    private final TimerSpec event = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @TimerId("processing")
    private final TimerSpec processing = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    @ProcessElement
    public void process(
        @Timestamp Instant timestamp,
        @TimerId("event") Timer eventTimer,
        @TimerId("processing") Timer processingTimer) {
      eventTimer.set(timestamp.plus(Duration.standardSeconds(10)));
      processingTimer.offset(Duration.standardMinutes(1)).setRelative();
    }

    @OnTimer("event")
    public void onEvent(@Key String key, OutputReceiver<String> out) {
      out.output(key + ":event");
    }

    @OnTimer("processing")
    public void onProcessing(@Key String key, OutputReceiver<String> out) {
      out.output(key + ":processing");
    }
  }

  private final InMemoryStore store = new InMemoryStore();
  private final List<String> outputs = new ArrayList<>();
  private final List<KeyTick> ticks = new ArrayList<>();
  private final WeirPipeline<String, String, String> pipeline =
      WeirPipeline.<String, String, String>builder("ticks")
          .input(bytes -> new String(bytes, StandardCharsets.UTF_8), StringUtf8Coder.of())
          .key(value -> value.substring(0, value.indexOf(':')), StringUtf8Coder.of())
          .eventTime(value -> new Instant(Long.parseLong(value.substring(value.indexOf(':') + 1))))
          .partitionKey(key -> "user-" + key)
          .doFn(new TwoTimersFn(), StringUtf8Coder.of())
          .build();
  private final WeirEngine<String, String, String> engine =
      new WeirEngine<>(
          pipeline,
          store.asStores(),
          emitted -> emitted.forEach(o -> outputs.add(o.value())),
          WakeupScheduler.none(),
          late -> {},
          ticks::addAll);
  private long sequence;

  private InputRecord record(String value) {
    return new InputRecord(
        Long.toString(++sequence),
        "user-" + value.substring(0, value.indexOf(':')),
        value.getBytes(StandardCharsets.UTF_8),
        new Instant(0));
  }

  private InputRecord delivered(KeyTick tick) {
    return new InputRecord(
        Long.toString(++sequence), tick.partitionKey(), tick.encode(), new Instant(0));
  }

  private BundleResult<String> process(long nowMillis, InputRecord... records) {
    return engine.processBundle("shard-0", Arrays.asList(records), new Instant(nowMillis));
  }

  @Test
  void aDueProcessingTimeTimerIsTickedNotFiredAndItsProcessorFiresItOnce() {
    process(10_000, record("a:1000"), record("b:1000"));
    int pending = store.pendingTimerCount();

    FiringResult result = engine.fireProcessingTimers(new Instant(80_000));

    assertThat(result.fired()).isZero();
    assertThat(result.keysTicked()).isEqualTo(2);
    assertThat(outputs).as("nothing fires where the timer was found").isEmpty();
    assertThat(ticks)
        .extracting(KeyTick::partitionKey, KeyTick::domain, KeyTick::clockMillis)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("user-a", TimerDomain.PROCESSING_TIME, 80_000L),
            org.assertj.core.groups.Tuple.tuple("user-b", TimerDomain.PROCESSING_TIME, 80_000L));
    assertThat(store.pendingTimerCount()).as("ticking claims nothing").isEqualTo(pending);

    BundleResult<String> fired = process(80_000, delivered(ticks.get(0)), delivered(ticks.get(1)));
    process(80_000, delivered(ticks.get(0)));

    assertThat(fired.failedKeys()).isEmpty();
    assertThat(fired.rejected()).isEmpty();
    assertThat(outputs).containsExactlyInAnyOrder("a:processing", "b:processing");
    assertThat(store.pendingTimerCount())
        .as("each key's processing-time timer")
        .isEqualTo(pending - 2);
  }

  @Test
  void anEventTimeTickFiresOnlyWhatTheStoredWatermarkHasPassed() {
    process(10_000, record("a:1000"));
    KeyTick forged =
        new KeyTick(
            "ticks",
            new KeyIds<>(StringUtf8Coder.of()).idOf("a"),
            List.of("/"),
            "user-a",
            TimerDomain.EVENT_TIME,
            Long.MAX_VALUE / 2);

    process(10_000, delivered(forged));

    assertThat(outputs).as("a tick claiming a watermark nobody stored fires nothing").isEmpty();

    store.advanceGlobalWatermark(20_000);
    assertThat(engine.fireEventTimers(new Instant(20_000)).keysTicked()).isEqualTo(1);
    process(20_000, delivered(ticks.get(0)));

    assertThat(outputs).containsExactly("a:event");
  }

  @Test
  void aKeysRecordsFireItsDueTimersInOtherWindowsWithoutWaitingForATick() {
    WeirPipeline<String, String, String> windowed =
        WeirPipeline.<String, String, String>builder("ticks")
            .input(bytes -> new String(bytes, StandardCharsets.UTF_8), StringUtf8Coder.of())
            .key(value -> value.substring(0, value.indexOf(':')), StringUtf8Coder.of())
            .eventTime(
                value -> new Instant(Long.parseLong(value.substring(value.indexOf(':') + 1))))
            .partitionKey(key -> "user-" + key)
            .windowing(FixedWindows.of(Duration.standardMinutes(1)), Duration.ZERO)
            .doFn(new TwoTimersFn(), StringUtf8Coder.of())
            .build();
    WeirEngine<String, String, String> engine =
        new WeirEngine<>(
            windowed,
            store.asStores(),
            emitted -> emitted.forEach(o -> outputs.add(o.value())),
            WakeupScheduler.none(),
            late -> {},
            ticks::addAll);
    engine.processBundle("shard-0", List.of(record("a:1000")), new Instant(10_000));
    store.advanceGlobalWatermark(20_000);

    // The first window's timer (11 s) is due; the tick the sweep would send may wait behind a
    // backlog, but the key's next records, in another window, fire it.
    engine.processBundle("shard-0", List.of(record("a:100000")), new Instant(10_000));

    assertThat(outputs).containsExactly("a:event");
    assertThat(ticks).isEmpty();
  }

  @Test
  void ticksOfAnotherPipelineAndMalformedTicksAreRejectedWithAReason() {
    String keyId = new KeyIds<>(StringUtf8Coder.of()).idOf("a");
    byte[] truncated =
        new KeyTick("ticks", keyId, List.of("/"), "a", TimerDomain.EVENT_TIME, 1).encode();
    truncated = Arrays.copyOf(truncated, truncated.length - 3);

    BundleResult<String> result =
        process(
            10_000,
            delivered(new KeyTick("other", keyId, List.of("/"), "a", TimerDomain.EVENT_TIME, 1)),
            new InputRecord(Long.toString(++sequence), "a", truncated, new Instant(0)),
            delivered(
                new KeyTick("ticks", "not*base64", List.of("/"), "a", TimerDomain.EVENT_TIME, 1)));

    assertThat(result.rejected())
        .extracting(RejectedRecord::reason)
        .satisfiesExactly(
            reason -> assertThat(reason).contains("pipeline other"),
            reason -> assertThat(reason).contains("malformed timer tick"),
            reason -> assertThat(reason).contains("malformed timer tick"));
  }

  @Test
  void aTickWrittenWithAnotherKeysPartitionKeyIsRejectedAndFiresNothing() {
    process(10_000, record("a:1000"));
    int pending = store.pendingTimerCount();
    KeyTick elsewhere =
        new KeyTick(
            "ticks",
            new KeyIds<>(StringUtf8Coder.of()).idOf("a"),
            List.of("/"),
            "user-b",
            TimerDomain.PROCESSING_TIME,
            80_000);

    // Key a's processing-time timer is due, but this tick may be in another lane than a's records.
    BundleResult<String> result = process(80_000, delivered(elsewhere));

    assertThat(result.rejected())
        .singleElement()
        .satisfies(
            rejected -> {
              assertThat(rejected.kind()).isEqualTo(RejectedRecord.Kind.BAD_TICK);
              assertThat(rejected.reason()).contains("'user-b'", "'user-a'");
            });
    assertThat(outputs).isEmpty();
    assertThat(store.pendingTimerCount()).isEqualTo(pending);
  }

  @Test
  void aRecordOfAKeyWrittenWithAnotherPartitionKeyIsRejectedNotRunBesideTheKeysProcessor() {
    InputRecord elsewhere =
        new InputRecord(
            Long.toString(++sequence),
            "random-17",
            "a:1000".getBytes(StandardCharsets.UTF_8),
            new Instant(0));

    BundleResult<String> result = process(10_000, elsewhere, record("b:1000"));

    assertThat(result.processed()).isEqualTo(1);
    assertThat(result.rejected())
        .singleElement()
        .satisfies(
            rejected -> {
              assertThat(rejected.kind()).isEqualTo(RejectedRecord.Kind.PARTITION_KEY_MISMATCH);
              assertThat(rejected.reason()).contains("'random-17'", "'user-a'");
            });
  }

  @Test
  void aBundleOfTicksMovesTheShardsReadPositionButNotItsEventTime() {
    process(10_000, record("a:5000"));
    ShardRecord before = store.shard("shard-0").orElseThrow();

    process(
        10_000,
        delivered(
            new KeyTick(
                "ticks",
                new KeyIds<>(StringUtf8Coder.of()).idOf("a"),
                List.of("/"),
                "user-a",
                TimerDomain.PROCESSING_TIME,
                10_000)));

    ShardRecord after = store.shard("shard-0").orElseThrow();
    assertThat(after.lastSequenceNumber()).isEqualTo(Long.toString(sequence));
    assertThat(after.maxEventTimeMillis()).isEqualTo(before.maxEventTimeMillis());
    assertThat(after.watermarkMillis()).isEqualTo(before.watermarkMillis());
  }
}
