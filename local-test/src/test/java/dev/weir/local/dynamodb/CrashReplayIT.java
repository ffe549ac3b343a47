package dev.weir.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.InputRecord;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.conformance.SessionFn;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.store.StoreFailureException;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.StoredState;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Exactly-once under crashes: the process dies at a DynamoDB request (before it is sent, or after
 * it took effect but before the answer arrived), then a new process replays the whole input, as
 * Lambda does. The outputs of both runs together must be exactly those of one clean run: same ids,
 * same values, nothing missing, nothing extra — which also means the final state was the same.
 */
class CrashReplayIT {
  private static final String SHARD = "shardId-000000000000";

  private static InputRecord record(long sequence, String key, long eventTime, String payload) {
    return new InputRecord(
        Long.toString(sequence),
        key,
        BatchedRpcPipeline.encode(new Event(key, sequence, eventTime, payload)),
        new Instant(0));
  }

  /** Two bundles over two keys and two windows; the blog DoFn flushes by size and by expiry. */
  private static List<List<InputRecord>> blogInput() {
    List<InputRecord> all =
        LongStream.rangeClosed(1, 11)
            .mapToObj(s -> record(s, s % 2 == 0 ? "even" : "odd", s * 7_000, "p"))
            .toList();
    return List.of(all.subList(0, 6), all.subList(6, 11));
  }

  /**
   * One bundle of 120 events for one key: 120 map entries (too large to stay inline in the key's
   * header) make a commit beyond a transaction.
   */
  private static List<List<InputRecord>> wideInput() {
    String payload = "e".repeat(64);
    return List.of(
        LongStream.rangeClosed(1, 120).mapToObj(s -> record(s, "wide", 1_000, payload)).toList());
  }

  /**
   * One bundle of 150 events for one key, each setting a timer of a family: the bundle's commit
   * writes 150 timers, the window's end claims them and deletes 150 entries.
   */
  private static List<List<InputRecord>> familyInput() {
    return List.of(
        LongStream.rangeClosed(1, 150).mapToObj(s -> record(s, "family", 1_000, "f")).toList());
  }

  private static WeirPipeline<String, Event, String> familyPipeline() {
    return WeirPipeline.<String, Event, String>builder("family")
        .input(BatchedRpcPipeline::decode, EventCoder.of())
        .key(Event::key, StringUtf8Coder.of())
        .eventTime(Event::eventTime)
        .windowing(FixedWindows.of(Duration.standardMinutes(1)), Duration.ZERO)
        .doFn(new TimerPerEntryFn(), StringUtf8Coder.of())
        .build();
  }

  /**
   * Two sessions of one key (events at 1 s and 5 s, and at 20 s), then an event at 12 s that
   * bridges them, with another key's session beside: the merge's commit moves state and timers.
   */
  private static List<List<InputRecord>> sessionInput() {
    return List.of(
        List.of(record(1, "s", 1_000, "a"), record(2, "s", 5_000, "b"), record(3, "t", 2_000, "c")),
        List.of(record(4, "s", 20_000, "d")),
        List.of(record(5, "s", 12_000, "e"), record(6, "t", 40_000, "f")));
  }

  private static WeirPipeline<String, Event, String> sessionPipeline() {
    return WeirPipeline.<String, Event, String>builder("sessions")
        .input(BatchedRpcPipeline::decode, EventCoder.of())
        .key(Event::key, StringUtf8Coder.of())
        .eventTime(Event::eventTime)
        .windowing(Sessions.withGapDuration(Duration.standardSeconds(10)), Duration.ZERO)
        .doFn(new SessionFn(), StringUtf8Coder.of())
        .build();
  }

  private static WeirPipeline<String, Event, String> widePipeline() {
    return WeirPipeline.<String, Event, String>builder("wide")
        .input(BatchedRpcPipeline::decode, EventCoder.of())
        .key(Event::key, StringUtf8Coder.of())
        .eventTime(Event::eventTime)
        .windowing(FixedWindows.of(Duration.standardMinutes(1)), Duration.ZERO)
        .doFn(new WideMapFn(), StringUtf8Coder.of())
        .build();
  }

  /** Runs the input to the end; returns "id=value" of every output, or what came before a crash. */
  private static <O> TreeSet<String> run(
      Supplier<WeirPipeline<String, Event, O>> pipeline,
      DynamoDbClient client,
      String pipelineName,
      List<List<InputRecord>> bundles) {
    DynamoDbStore store =
        new DynamoDbStore(client, new DynamoDbSchema(tableOf(pipelineName), pipelineName));
    List<EngineOutput<O>> outputs = new ArrayList<>();
    try (WeirEngine<String, Event, O> engine =
        new WeirEngine<>(pipeline.get(), store.asStores(), outputs::addAll)) {
      for (List<InputRecord> bundle : bundles) {
        var result = engine.processBundle(SHARD, bundle, new Instant(0));
        if (!result.failedKeys().isEmpty()) {
          throw new CrashInjector.Crash(-1);
        }
      }
      store.advanceGlobalWatermark(Long.MAX_VALUE / 4);
      if (!engine.fireEventTimers(new Instant(0)).failedKeys().isEmpty()) {
        throw new CrashInjector.Crash(-1);
      }
    } catch (CrashInjector.Crash
        | StoreFailureException
        | software.amazon.awssdk.core.exception.SdkException crash) {
      // The process died here; what it emitted so far stays emitted.
    }
    TreeSet<String> emitted = new TreeSet<>();
    outputs.forEach(o -> emitted.add(o.id() + "=" + o.value()));
    return emitted;
  }

  /** Each run in a table of its own, so what a crash left behind is one small scan away. */
  private static String tableOf(String pipelineName) {
    return "crash-" + pipelineName;
  }

  private static String freshPipeline() {
    String name = EmbeddedDynamoDb.uniquePipeline();
    EmbeddedDynamoDb.get()
        .client()
        .createTable(new DynamoDbSchema(tableOf(name), name).createTableRequest());
    return name;
  }

  /** Returns how many outputs a clean run has. */
  private static <O> int crashAtEveryRequestThenReplay(
      Supplier<WeirPipeline<String, Event, O>> pipeline, List<List<InputRecord>> bundles) {
    EmbeddedDynamoDb local = EmbeddedDynamoDb.get();
    CrashInjector counting = new CrashInjector(Integer.MAX_VALUE, false);
    TreeSet<String> clean = run(pipeline, local.client(counting), freshPipeline(), bundles);
    int requests = counting.requests();
    assertThat(clean).isNotEmpty();

    int runs = 0;
    for (int crashAt = 1; crashAt <= requests; crashAt++) {
      for (boolean afterRequest : new boolean[] {false, true}) {
        String name = freshPipeline();
        CrashInjector crash = new CrashInjector(crashAt, afterRequest);
        TreeSet<String> beforeCrash = run(pipeline, local.client(crash), name, bundles);
        TreeSet<String> afterRestart = run(pipeline, local.client(), name, bundles);
        TreeSet<String> all = new TreeSet<>(beforeCrash);
        all.addAll(afterRestart);
        assertThat(all)
            .as(
                "crash at request %d of %d (%s it took effect)",
                crashAt, requests, afterRequest ? "after" : "before")
            .isEqualTo(clean);
        StoredState.Inventory left =
            StoredState.of(local.client(), new DynamoDbSchema(tableOf(name), name));
        assertThat(left.byKind())
            .as(
                "items left by a crash at request %d, once the key was used again: %s",
                crashAt, left.examples())
            .doesNotContainKeys(
                StoredState.ITEMS_WITH_TTL, StoredState.REDO_PARTS, StoredState.OPEN_COMMITS);
        runs++;
      }
    }
    assertThat(runs).isGreaterThan(10);
    return clean.size();
  }

  @Test
  void theBlogPipelineIsExactlyOnceAcrossACrashAtAnyRequest() {
    crashAtEveryRequestThenReplay(
        () -> BatchedRpcPipeline.pipeline(4, new CountingEnrichment("crash-replay")), blogInput());
  }

  /** A merge of two sessions, its state and its timers, is exactly-once across a crash. */
  @Test
  void aSessionMergeIsExactlyOnceAcrossACrashAtAnyRequest() {
    assertThat(crashAtEveryRequestThenReplay(CrashReplayIT::sessionPipeline, sessionInput()))
        .isEqualTo(6); // s [1,30) and t [2,12), [40,50): an end and an expiry output each
  }

  @Test
  void aCommitLargerThanOneTransactionIsAtomicAcrossCrashes() {
    crashAtEveryRequestThenReplay(CrashReplayIT::widePipeline, wideInput());
  }

  @Test
  void aBundleSettingMoreTimersThanATransactionHoldsIsAtomicAcrossCrashes() {
    assertThat(crashAtEveryRequestThenReplay(CrashReplayIT::familyPipeline, familyInput()))
        .isEqualTo(150);
  }
}
