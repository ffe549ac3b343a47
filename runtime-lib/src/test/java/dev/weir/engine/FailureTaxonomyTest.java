package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.sink.OutputSink;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.store.StateStore;
import dev.weir.store.Stores;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.timer.WakeupScheduler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Who is to blame for a failure decides what happens to it. What the user's DoFn throws fails its
 * key: the key is retried, then its records are dead-lettered. What the store, the output sink or
 * the Scheduler throws fails the invocation, which Lambda retries with backoff, and dead-letters
 * nothing: good records must not be dead-lettered because DynamoDB throttled. A key that committed
 * is never reported failed (its records would be dead-lettered, and redriving them would apply them
 * twice).
 */
class FailureTaxonomyTest {
  /**
   * Counts per key, outputs each count, sets a processing-time timer that outputs when it fires;
   * throws on "boom".
   */
  static class CountingFn extends DoFn<KV<String, String>, String> {
    @StateId("count")
    private final StateSpec<ValueState<Integer>> count = StateSpecs.value(VarIntCoder.of());

    @TimerId("later")
    private final TimerSpec later = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    @ProcessElement
    public void process(
        @Element KV<String, String> element,
        @StateId("count") ValueState<Integer> count,
        @TimerId("later") Timer timer,
        OutputReceiver<String> out) {
      if (element.getValue().endsWith(":boom")) {
        throw new IllegalStateException("the DoFn failed");
      }
      if (element.getValue().endsWith(":recurse")) {
        throw new StackOverflowError("the DoFn recursed too deep");
      }
      if (element.getValue().endsWith(":exhaust")) {
        throw new OutOfMemoryError("the container is out of memory");
      }
      int next = (count.read() == null ? 0 : count.read()) + 1;
      count.write(next);
      timer.offset(Duration.standardMinutes(5)).setRelative();
      out.output(element.getKey() + "=" + next);
    }

    @OnTimer("later")
    public void onLater(OutputReceiver<String> out) {
      out.output("later");
    }
  }

  /** The in-memory store, failing commits or reads on demand. */
  static final class FlakyStore implements StateStore {
    final InMemoryStore store = new InMemoryStore();
    boolean failCommits;
    boolean failReads;

    @Override
    public KeyHeader readHeader(String keyId) {
      return store.readHeader(keyId);
    }

    @Override
    public NamespaceSnapshot readNamespace(String keyId, KeyHeader header, String namespace) {
      if (failReads) {
        throw new IllegalStateException("the store is throttled");
      }
      return store.readNamespace(keyId, header, namespace);
    }

    @Override
    public NavigableMap<String, byte[]> readChunkedCell(
        String keyId, KeyHeader header, String namespace, String stateId) {
      return store.readChunkedCell(keyId, header, namespace, stateId);
    }

    @Override
    public void commit(KeyCommit commit) {
      if (failCommits) {
        throw new IllegalStateException("the store is throttled");
      }
      store.commit(commit);
    }

    Stores stores() {
      return new Stores(this, store, store, store);
    }
  }

  private final FlakyStore store = new FlakyStore();
  private final List<EngineOutput<String>> outputs = new ArrayList<>();
  private boolean sinkFails;
  private boolean wakeupsFail;
  private final OutputSink<String> sink =
      emitted -> {
        if (sinkFails) {
          throw new IllegalStateException("the output stream refused the records");
        }
        outputs.addAll(emitted);
      };
  private final WakeupScheduler wakeups =
      fireAt -> {
        if (wakeupsFail) {
          throw new IllegalStateException("the Scheduler is throttled");
        }
      };
  private long sequence = 0;

  private WeirEngine<String, String, String> engine() {
    return new WeirEngine<>(
        WeirPipeline.<String, String, String>builder("taxonomy")
            .input(bytes -> new String(bytes, StandardCharsets.UTF_8), StringUtf8Coder.of())
            .key(FailureTaxonomyTest::keyOf, new KeyCoder())
            .eventTime(value -> new Instant(1_000))
            .doFn(new CountingFn(), StringUtf8Coder.of())
            .build(),
        store.stores(),
        sink,
        wakeups);
  }

  /** The key before the colon; a key extractor that overflows its stack on "deep". */
  private static String keyOf(String value) {
    if (value.startsWith("deep:")) {
      throw new StackOverflowError("the key extractor recursed too deep");
    }
    return value.substring(0, value.indexOf(':'));
  }

  /** UTF-8, but unable to encode the key "unencodable". */
  static final class KeyCoder extends AtomicCoder<String> {
    @Override
    public void encode(String value, OutputStream out) throws IOException {
      if (value.equals("unencodable")) {
        throw new CoderException("cannot encode " + value);
      }
      StringUtf8Coder.of().encode(value, out);
    }

    @Override
    public String decode(InputStream in) throws IOException {
      return StringUtf8Coder.of().decode(in);
    }

    @Override
    public void verifyDeterministic() {}
  }

  private InputRecord record(String value) {
    return new InputRecord(
        Long.toString(++sequence),
        value.substring(0, value.indexOf(':')),
        value.getBytes(StandardCharsets.UTF_8),
        new Instant(0));
  }

  private static BundleResult<String> process(
      WeirEngine<String, String, String> engine, InputRecord... records) {
    return engine.processBundle("shard-0", List.of(records), new Instant(10_000));
  }

  @Test
  void whatTheDoFnThrowsFailsOnlyItsKey() {
    BundleResult<String> result = process(engine(), record("a:1"), record("b:boom"));

    assertThat(result.failedKeys()).extracting(FailedKey::records).hasSize(1);
    assertThat(result.failedKeys().get(0).records().get(0).partitionKey()).isEqualTo("b");
    assertThat(outputs).extracting(EngineOutput::value).containsExactly("a=1");
  }

  @Test
  void aRecordTheDoFnKeepsFailingOnIsGivenUpAndItsKeyGoesOnWithoutIt() {
    WeirEngine<String, String, String> engine = engine();
    InputRecord boom = record("b:boom");
    InputRecord after = record("b:2");

    for (int attempt = 1; attempt < 3; attempt++) {
      assertThat(process(engine, boom, after).failedKeys())
          .singleElement()
          .satisfies(key -> assertThat(key.attemptCounted()).isTrue());
    }
    BundleResult<String> third = process(engine, boom, after);

    assertThat(third.failedKeys()).isEmpty();
    assertThat(third.deadRecords())
        .singleElement()
        .satisfies(
            dead -> {
              assertThat(dead.record()).isEqualTo(boom);
              assertThat(dead.error()).hasStackTraceContaining("the DoFn failed");
            });
    assertThat(outputs).extracting(EngineOutput::value).containsExactly("b=1");
    assertThat(process(engine, boom, after).replaysSkipped())
        .as("the given-up record counts as applied")
        .isEqualTo(2);
  }

  @Test
  void severalPoisonRecordsOfAKeyCostMaxAttemptsInvocationsBetweenThem() {
    WeirEngine<String, String, String> engine = engine();
    InputRecord first = record("b:boom");
    InputRecord good = record("b:2");
    InputRecord second = record("b:boom");

    process(engine, first, good, second);
    process(engine, first, good, second);
    BundleResult<String> third = process(engine, first, good, second);

    assertThat(third.failedKeys()).as("the event source's retries are not used up").isEmpty();
    assertThat(third.deadRecords()).extracting(DeadRecord::record).containsExactly(first, second);
    assertThat(outputs).extracting(EngineOutput::value).containsExactly("b=1");
  }

  @Test
  void anErrorFromTheDoFnFailsOnlyItsKey() {
    BundleResult<String> result = process(engine(), record("a:1"), record("b:recurse"));

    assertThat(result.failedKeys())
        .singleElement()
        .satisfies(
            key -> {
              assertThat(key.records().get(0).partitionKey()).isEqualTo("b");
              assertThat(key.error()).hasRootCauseInstanceOf(StackOverflowError.class);
            });
    assertThat(outputs).extracting(EngineOutput::value).containsExactly("a=1");
  }

  @Test
  void runningOutOfMemoryFailsTheInvocationNotTheKey() {
    assertThatThrownBy(() -> process(engine(), record("a:1"), record("b:exhaust")))
        .isInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void aKeyExtractorErrorOrAKeyCoderFailureRejectsOnlyThatRecord() {
    BundleResult<String> result =
        process(engine(), record("deep:1"), record("unencodable:1"), record("a:1"));

    assertThat(result.rejected())
        .extracting(RejectedRecord::reason)
        .satisfiesExactly(
            r -> assertThat(r).contains("StackOverflowError"),
            r -> assertThat(r).contains("cannot encode unencodable"));
    assertThat(outputs).extracting(EngineOutput::value).containsExactly("a=1");
  }

  @Test
  void anOutputStreamRefusingRecordsFailsTheInvocationNotTheKey() {
    sinkFails = true;

    assertThatThrownBy(() -> process(engine(), record("a:1")))
        .hasMessageContaining("output stream refused");
    assertThat(store.store.commitCount())
        .as("nothing committed before its outputs went out")
        .isZero();
  }

  @Test
  void aStoreFailingToCommitFailsTheInvocationNotTheKey() {
    store.failCommits = true;

    assertThatThrownBy(() -> process(engine(), record("a:1"))).hasMessageContaining("throttled");
  }

  @Test
  void aStoreFailingToReadInsideTheDoFnFailsTheInvocationNotTheKey() {
    process(engine(), record("a:1"));
    store.failReads = true;

    // A fresh container: the DoFn's first read of the key's state goes to the store.
    assertThatThrownBy(() -> process(engine(), record("a:2")))
        .hasStackTraceContaining("the store is throttled");
  }

  @Test
  void aKeyThatCommittedIsNeverReportedFailedEvenIfItsWakeupFails() {
    InputRecord first = record("a:1");
    wakeupsFail = true;

    assertThatThrownBy(() -> process(engine(), first)).hasMessageContaining("Scheduler");
    assertThat(store.store.commitCount()).isEqualTo(1);

    // Lambda retries the batch: the committed record is skipped, not applied twice.
    wakeupsFail = false;
    BundleResult<String> retried = process(engine(), first);
    assertThat(retried.failedKeys()).isEmpty();
    assertThat(retried.replaysSkipped()).isEqualTo(1);
    assertThat(outputs).extracting(EngineOutput::value).containsExactly("a=1");
  }

  @Test
  void anOutputStreamRefusingATimersOutputsFailsTheFiringNotTheKey() {
    WeirEngine<String, String, String> engine = engine();
    process(engine, record("a:1"));
    sinkFails = true;

    assertThatThrownBy(() -> engine.fireProcessingTimers(new Instant(10_000 + 600_000)))
        .hasMessageContaining("output stream refused");
  }
}
