package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.fixtures.KeyColonPayload;
import dev.weir.inspect.KeyInspector;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.DeadLetter;
import dev.weir.sink.EngineOutput;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.timer.WakeupScheduler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.CombiningState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A key keeps its live sessions in one value, so their number is bounded: an element that would
 * open the key's 1,001st session is dead-lettered at once ({@code too-many-sessions}), while the
 * key's elements that fall into sessions it has, and other keys, go on.
 */
class SessionLimitTest {
  private static final int LIMIT = 1_000;
  private static final long GAP = 1_000;

  /** Counts each session's elements. */
  static class CountFn extends DoFn<KV<String, String>, String> {
    @StateId("count")
    private final StateSpec<CombiningState<Long, long[], Long>> countSpec =
        StateSpecs.combining(Sum.ofLongs());

    @ProcessElement
    public void process(@StateId("count") CombiningState<Long, long[], Long> count) {
      count.add(1L);
    }
  }

  private final InMemoryStore store = new InMemoryStore();
  private final List<DeadLetter> letters = new ArrayList<>();
  private final List<EngineOutput<String>> outputs = new ArrayList<>();
  private final WeirPipeline<String, String, String> pipeline =
      KeyColonPayload.pipeline("session-limit", payload -> new Instant(Long.parseLong(payload)))
          .windowing(Sessions.withGapDuration(Duration.millis(GAP)), Duration.standardDays(365))
          .doFn(new CountFn(), StringUtf8Coder.of())
          .build();
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
      byte[] data = value.getBytes(StandardCharsets.UTF_8);
      // Arriving after the events' times, which span some three hours, so none is in the future.
      records.add(
          new InputRecord(
              String.format("%08d", ++sequence),
              pipeline.partitionKeyOfRecord(data),
              data,
              new Instant(LIMIT * 20 * GAP)));
    }
    return batches.process("shard-0", records, new Instant(0));
  }

  @Test
  void anElementOpeningOneSessionTooManyIsDeadLetteredAndTheKeyGoesOn() {
    for (int from = 0; from < LIMIT; from += 100) {
      List<String> batch = new ArrayList<>();
      for (int i = from; i < from + 100; i++) {
        batch.add("busy:" + i * 10 * GAP); // each in a session of its own
      }
      assertThat(send(batch).replayFrom()).isEmpty();
    }
    assertThat(letters).isEmpty();

    ShardBatchProcessor.Outcome outcome =
        send(
            List.of(
                "busy:" + (LIMIT * 10 * GAP), // a session of its own: one too many
                "busy:" + (10 * GAP + 1), // into the key's second session
                "quiet:0"));

    assertThat(outcome.replayFrom()).isEmpty();
    assertThat(letters)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.reason()).isEqualTo("too-many-sessions");
              assertThat(letter.sequenceNumber()).isEqualTo(String.format("%08d", LIMIT + 1));
              assertThat(letter.error()).contains("at most 1,000 live sessions");
            });
    var busy = new KeyInspector<>(engine.host(), store, store).inspect("busy");
    assertThat(busy.windows()).hasSize(LIMIT);
    assertThat(busy.windows())
        .filteredOn(window -> Long.valueOf(2).equals(window.state().get("count")))
        .hasSize(1);
    assertThat(new KeyInspector<>(engine.host(), store, store).inspect("quiet").windows())
        .hasSize(1);
  }
}
