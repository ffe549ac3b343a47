package dev.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.BundleResult;
import dev.weir.engine.InputRecord;
import dev.weir.engine.WeirEngine;
import dev.weir.pipeline.Records;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.store.memory.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Input as Beam has it: a {@code DoFn<KV<String, Long>, KV<String, Long>>} written as Beam's
 * documentation writes them, whose values carry neither key nor time, runs unchanged — the key is
 * the Kinesis partition key and the event time the record's arrival.
 */
class KvInputTest {
  /** Sums each user's scores per window and emits the sum when the window expires. */
  static class SumScoresFn extends DoFn<KV<String, Long>, KV<String, Long>> {
    @StateId("sum")
    private final StateSpec<ValueState<Long>> sumSpec = StateSpecs.value(VarLongCoder.of());

    @ProcessElement
    public void process(@Element KV<String, Long> score, @StateId("sum") ValueState<Long> sum) {
      Long before = sum.read();
      sum.write((before == null ? 0 : before) + score.getValue());
    }

    @OnWindowExpiration
    public void expire(
        @Key String user,
        @StateId("sum") ValueState<Long> sum,
        OutputReceiver<KV<String, Long>> out) {
      out.output(KV.of(user, sum.read()));
    }
  }

  private static final WeirPipeline<String, Long, KV<String, Long>> PIPELINE =
      WeirPipeline.<String, Long, KV<String, Long>>builder("scores")
          .records(
              Records.keyedByPartitionKeyAtArrival(
                  bytes -> Long.parseLong(new String(bytes, StandardCharsets.UTF_8))),
              StringUtf8Coder.of(),
              VarLongCoder.of())
          .windowing(FixedWindows.of(Duration.standardMinutes(1)), Duration.ZERO)
          .doFn(new SumScoresFn(), KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
          .build();

  private static InputRecord score(String sequence, String user, long score, long arrival) {
    byte[] data = Long.toString(score).getBytes(StandardCharsets.UTF_8);
    return new InputRecord(sequence, user, data, new Instant(arrival));
  }

  @Test
  void anUnchangedKvDoFnIsKeyedByPartitionKeyAndTimedByArrival() {
    InMemoryStore store = new InMemoryStore();
    List<EngineOutput<KV<String, Long>>> outputs = new ArrayList<>();
    WeirEngine<String, Long, KV<String, Long>> engine =
        new WeirEngine<>(PIPELINE, store.asStores(), outputs::addAll);

    BundleResult<Long> result =
        engine.processBundle(
            "shard-0",
            List.of(
                score("1", "alice", 5, 10_000),
                score("2", "bob", 7, 20_000),
                score("3", "alice", 3, 30_000),
                score("4", "alice", 100, 70_000),
                score("5", "carol", -1, 40_000)),
            new Instant(80_000));
    store.advanceGlobalWatermark(200_000);
    engine.fireEventTimers(new Instant(80_000));

    assertThat(result.rejected()).isEmpty();
    assertThat(outputs)
        .extracting(EngineOutput::value)
        .containsExactlyInAnyOrder(
            KV.of("alice", 8L), KV.of("bob", 7L), KV.of("carol", -1L), KV.of("alice", 100L));
    assertThat(outputs)
        .filteredOn(o -> o.value().equals(KV.of("alice", 8L)))
        .extracting(EngineOutput::window)
        .containsExactly(new IntervalWindow(new Instant(0), new Instant(60_000)));
  }

  @Test
  void aRecordWhoseBytesDoNotParseIsRejectedAlone() {
    WeirEngine<String, Long, KV<String, Long>> engine =
        new WeirEngine<>(PIPELINE, new InMemoryStore().asStores(), outputs -> {});
    InputRecord bad =
        new InputRecord("1", "alice", "ten".getBytes(StandardCharsets.UTF_8), new Instant(0));

    BundleResult<Long> result =
        engine.processBundle("shard-0", List.of(bad, score("2", "alice", 1, 0)), new Instant(0));

    assertThat(result.rejected())
        .extracting(r -> r.reason())
        .singleElement()
        .asString()
        .contains("undecodable");
    assertThat(result.processed()).isEqualTo(1);
  }

  @Test
  void valuesAloneCannotBeKeyedInSuchAPipeline() {
    assertThatThrownBy(() -> PIPELINE.keyOf(5L))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("whole records");
  }

  @Test
  void theTestDriverSendsKeyedTimestampedElementsOnSeveralShards() {
    try (WeirTestDriver<String, Long, KV<String, Long>> driver = WeirTestDriver.of(PIPELINE)) {
      driver.sendTo(
          "shard-0",
          List.of(
              new WeirTestDriver.Element<>("alice", 5L, new Instant(10_000)),
              new WeirTestDriver.Element<>("bob", 7L, new Instant(20_000))));
      driver.sendTo(
          "shard-1", List.of(new WeirTestDriver.Element<>("alice", 3L, new Instant(30_000))));

      driver.advanceWatermarkToInfinity();

      assertThat(driver.outputValues())
          .containsExactlyInAnyOrder(KV.of("alice", 8L), KV.of("bob", 7L));
    }
  }

  @Test
  void aPipelineKeyedByRecordsRefusesValueExtractorsToo() {
    assertThatThrownBy(
            () ->
                WeirPipeline.<String, Long, KV<String, Long>>builder("mixed")
                    .records(
                        Records.keyedByPartitionKeyAtArrival(bytes -> 1L),
                        StringUtf8Coder.of(),
                        VarLongCoder.of())
                    .eventTime(v -> new Instant(0))
                    .doFn(new SumScoresFn(), KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
                    .build())
        .hasMessageContaining("records(...)")
        .hasMessageContaining("eventTime(...)");
  }
}
