package dev.weir.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.DeadLetteringGivenUp;
import dev.weir.engine.InputRecord;
import dev.weir.engine.Retries;
import dev.weir.engine.ShardBatchProcessor;
import dev.weir.engine.WeirEngine;
import dev.weir.fixtures.BigBagFn;
import dev.weir.fixtures.KeyColonPayload;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.DeadLetter;
import dev.weir.sink.EngineOutput;
import dev.weir.store.Stores;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.RequestCounter;
import dev.weir.timer.WakeupScheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * On DynamoDB, a key whose work would load more state than the pipeline's budget fails with {@code
 * state-too-large} once its read passes the budget, without reading the rest, and its records are
 * dead-lettered at once; the batch's other keys go on and the batch is not retried.
 */
class StateBudgetIT {
  private static final int ELEMENT_BYTES = 300_000;
  private static final long BUDGET = 1024 * 1024;

  @Test
  void aKeyLoadingMoreThanItsBudgetIsDeadLetteredWithoutReadingItAll() {
    RequestCounter counter = new RequestCounter();
    DynamoDbStore store =
        new DynamoDbStore(
            EmbeddedDynamoDb.get().client(counter), EmbeddedDynamoDb.get().ownTable());
    Stores stores = store.asStores();
    WeirPipeline<String, String, String> pipeline =
        KeyColonPayload.pipeline("state-budget", payload -> new Instant(1_000))
            .doFn(new BigBagFn(ELEMENT_BYTES), StringUtf8Coder.of())
            .maxStateBytesPerKey(BUDGET)
            .build();
    List<DeadLetter> letters = new ArrayList<>();
    List<EngineOutput<String>> outputs = new ArrayList<>();
    try (WeirEngine<String, String, String> engine =
        new WeirEngine<>(
            pipeline,
            stores,
            outputs::addAll,
            WakeupScheduler.none(),
            late -> {},
            null,
            new Retries(stores.attempts(), 3),
            new DeadLetteringGivenUp("input", letters::addAll))) {
      ShardBatchProcessor<String> batches =
          new ShardBatchProcessor<>(engine, "input", letters::addAll, stores.attempts(), 3);
      int[] sequence = {0};
      Function<List<String>, ShardBatchProcessor.Outcome> send =
          values -> {
            List<InputRecord> records = new ArrayList<>();
            for (String value : values) {
              records.add(
                  KeyColonPayload.record(pipeline, String.format("%08d", ++sequence[0]), value));
            }
            return batches.process("shard-0", records, new Instant(0));
          };
      // 20 elements of 300 KB (6 MB) in one key, 3 (900 KB, within the budget) in another.
      for (int i = 0; i < 4; i++) {
        assertThat(send.apply(Collections.nCopies(5, "big:append")).replayFrom()).isEmpty();
      }
      assertThat(send.apply(Collections.nCopies(3, "fits:append")).replayFrom()).isEmpty();
      counter.reset();

      ShardBatchProcessor.Outcome outcome = send.apply(List.of("big:read", "fits:read"));

      assertThat(outcome.replayFrom()).isEmpty();
      assertThat(letters)
          .singleElement()
          .satisfies(
              letter -> {
                assertThat(letter.reason()).isEqualTo("state-too-large");
                assertThat(letter.sequenceNumber()).isEqualTo(String.format("%08d", 24));
                assertThat(letter.error()).contains("1,048,576 bytes");
              });
      assertThat(outputs).extracting(EngineOutput::value).containsExactly("fits has 3");
      // Reading stopped near the budget: both reads cost fewer read units (one per 4 KB read)
      // than reading the big bag alone would.
      assertThat(counter.total().readUnits()).isLessThan(20 * ELEMENT_BYTES / 4096.0);
    }
  }
}
