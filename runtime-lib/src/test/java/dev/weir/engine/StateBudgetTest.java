package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.fixtures.BigBagFn;
import dev.weir.fixtures.KeyColonPayload;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.DeadLetter;
import dev.weir.sink.EngineOutput;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.timer.WakeupScheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A key's work loads at most the pipeline's state budget (64 MiB by default) from the store: a key
 * whose records need more fails, its records dead-lettered at once as {@code state-too-large},
 * instead of exhausting the function's memory or time and failing the whole batch on every retry.
 * The batch's other keys go on, and so do the key's records that read nothing.
 */
class StateBudgetTest {
  private static final int ELEMENT_BYTES = 350_000;

  private final InMemoryStore store = new InMemoryStore();
  private final List<DeadLetter> letters = new ArrayList<>();
  private final List<EngineOutput<String>> outputs = new ArrayList<>();
  private final WeirPipeline<String, String, String> pipeline =
      KeyColonPayload.pipeline("state-budget", new BigBagFn(ELEMENT_BYTES));
  private final WeirEngine<String, String, String> engine =
      new WeirEngine<>(
          pipeline,
          store.asStores(),
          outputs::addAll,
          WakeupScheduler.none(),
          late -> {},
          null,
          new Retries(store, 3),
          new DeadLetteringGivenUp("input", letters::addAll));
  private final ShardBatchProcessor<String> batches =
      new ShardBatchProcessor<>(engine, "input", letters::addAll, store, 3);
  private int sequence;

  private ShardBatchProcessor.Outcome send(List<String> values) {
    List<InputRecord> records = new ArrayList<>();
    for (String value : values) {
      records.add(KeyColonPayload.record(pipeline, String.format("%08d", ++sequence), value));
    }
    return batches.process("shard-0", records, new Instant(0));
  }

  @Test
  void aKeyLoadingMoreThanTheDefaultBudgetIsDeadLetteredAndTheBatchGoesOn() {
    // 200 elements of 350,000 bytes: 70 MB, more than 64 MiB; appending reads nothing.
    assertThat(send(Collections.nCopies(200, "big:append")).replayFrom()).isEmpty();
    assertThat(send(List.of("small:append", "small:append")).replayFrom()).isEmpty();

    ShardBatchProcessor.Outcome outcome = send(List.of("big:read", "small:read", "big:read"));

    assertThat(outcome.replayFrom()).isEmpty();
    assertThat(letters)
        .hasSize(2)
        .allSatisfy(
            letter -> {
              assertThat(letter.reason()).isEqualTo("state-too-large");
              assertThat(letter.error()).contains("67,108,864 bytes");
            });
    assertThat(letters)
        .extracting(DeadLetter::sequenceNumber)
        .containsExactly(String.format("%08d", 203), String.format("%08d", 205));
    assertThat(outputs).extracting(EngineOutput::value).containsExactly("small has 2");

    // The key is not poisoned: what reads nothing of its state still goes on.
    assertThat(send(List.of("big:append")).deadLettered()).isZero();
  }
}
