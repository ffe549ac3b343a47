package dev.weir.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.DecodedRecord;
import dev.weir.engine.InputRecord;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.state.KeyIds;
import dev.weir.state.KeyWorkspace;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Elements and timer firings for the same key at the same time, from two engines (as a processor
 * invocation and a sweeper invocation would run) on one table: no update is lost, every timer fires
 * exactly once in the committed state.
 */
class ConcurrencyIT {
  private static final int BUNDLES = 60;
  private static final int PER_BUNDLE = 4;

  private static WeirPipeline<String, Event, String> pipeline() {
    return WeirPipeline.<String, Event, String>builder("ticks")
        .input(BatchedRpcPipeline::decode, EventCoder.of())
        .key(Event::key, StringUtf8Coder.of())
        .eventTime(Event::eventTime)
        .doFn(new TickCounterFn(), StringUtf8Coder.of())
        .build();
  }

  @Test
  void elementsAndTimersOfOneKeyRaceWithoutLostUpdatesOrDoubleFirings() throws Exception {
    DynamoDbStore store = EmbeddedDynamoDb.get().newStore();
    // The processor commits slowly, so the sweeper's commits for the same key land in between.
    DynamoDbStore slowStore =
        new DynamoDbStore(
            EmbeddedDynamoDb.get()
                .client(
                    new ExecutionInterceptor() {
                      @Override
                      public void beforeExecution(
                          Context.BeforeExecution context, ExecutionAttributes attributes) {
                        // Only the key's commits: the shard's progress and lease writes are
                        // not what races the sweeper.
                        if (context.request() instanceof TransactWriteItemsRequest
                            || (context.request() instanceof PutItemRequest put
                                && !put.item()
                                    .get(DynamoDbSchema.PARTITION_KEY)
                                    .s()
                                    .endsWith("#shards"))) {
                          try {
                            Thread.sleep(100);
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                        }
                      }
                    }),
            store.schema());
    List<EngineOutput<String>> fired = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean producing = new AtomicBoolean(true);
    long[] conflicts = new long[2];

    CompletableFuture<Void> processor =
        CompletableFuture.runAsync(
            () -> {
              try (WeirEngine<String, Event, String> engine =
                  new WeirEngine<>(pipeline(), slowStore.asStores(), fired::addAll)) {
                long id = 0;
                for (int b = 0; b < BUNDLES; b++) {
                  List<DecodedRecord<String, Event>> bundle = new ArrayList<>();
                  for (int i = 0; i < PER_BUNDLE; i++) {
                    id++;
                    Event event = new Event("hot", id, id * 10, "p");
                    bundle.add(
                        new DecodedRecord<>(
                            new InputRecord(Long.toString(id), "hot", new byte[0], new Instant(0)),
                            "hot",
                            event,
                            event.eventTime()));
                  }
                  assertThat(engine.processDecoded("shard-0", bundle, new Instant(0)).failedKeys())
                      .isEmpty();
                  // Let the sweeper fire what this bundle set, while the next bundle runs.
                  store.advanceGlobalWatermark(id * 10 - 15);
                }
                conflicts[0] = engine.counters().snapshot().get("conflicts");
              } finally {
                producing.set(false);
              }
            });
    CompletableFuture<Void> sweeper =
        CompletableFuture.runAsync(
            () -> {
              try (WeirEngine<String, Event, String> engine =
                  new WeirEngine<>(pipeline(), store.asStores(), fired::addAll)) {
                while (producing.get()) {
                  assertThat(engine.fireEventTimers(new Instant(0)).failedKeys()).isEmpty();
                }
                // Past every tick, short of the end of the global window (which would clear state).
                store.advanceGlobalWatermark(1_000_000_000_000L);
                assertThat(engine.fireEventTimers(new Instant(0)).failedKeys()).isEmpty();
                conflicts[1] = engine.counters().snapshot().get("conflicts");
              }
            });
    CompletableFuture.allOf(processor, sweeper).get();

    int total = BUNDLES * PER_BUNDLE;
    String keyId = new KeyIds<>(StringUtf8Coder.of()).idOf("hot");
    try (WeirEngine<String, Event, String> reader =
        new WeirEngine<>(pipeline(), store.asStores(), outputs -> {})) {
      ValueState<Long> elements =
          reader
              .host()
              .userState(KeyWorkspace.open(store, keyId), "hot", GlobalWindow.INSTANCE, "elements");
      ValueState<Long> firings =
          reader
              .host()
              .userState(KeyWorkspace.open(store, keyId), "hot", GlobalWindow.INSTANCE, "fired");
      assertThat(elements.read()).as("no lost element update").isEqualTo(total);
      assertThat(firings.read()).as("each timer fired once").isEqualTo(total);
    }
    // Each firing is one output under one id: a redone commit may send it again, but under the
    // same id and with the same value; never a second id, never a second value under one id.
    java.util.Map<String, java.util.Set<String>> valuesById = new java.util.HashMap<>();
    java.util.Map<String, java.util.Set<String>> idsByValue = new java.util.HashMap<>();
    for (EngineOutput<String> output : fired) {
      valuesById.computeIfAbsent(output.id(), id -> new java.util.HashSet<>()).add(output.value());
      idsByValue.computeIfAbsent(output.value(), v -> new java.util.HashSet<>()).add(output.id());
    }
    assertThat(valuesById).as("one output id per firing").hasSize(total);
    assertThat(valuesById.values()).allSatisfy(values -> assertThat(values).hasSize(1));
    assertThat(idsByValue).hasSize(total);
    assertThat(idsByValue.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    assertThat(conflicts[0] + conflicts[1]).as("the two did race for the key").isPositive();
    System.out.printf(
        "concurrency: %d elements, %d timers, commit conflicts retried: processor %d, sweeper %d%n",
        total, total, conflicts[0], conflicts[1]);
  }
}
