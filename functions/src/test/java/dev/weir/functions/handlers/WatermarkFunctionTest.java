package dev.weir.functions.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.weir.engine.InputRecord;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.sink.EngineOutput;
import dev.weir.store.ShardRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watermark handler: sweeps, idle shards, resharding. */
class WatermarkFunctionTest {
  private TestWiring<Event, EnrichedEvent> test;
  private WatermarkFunction function;

  @BeforeEach
  void setUp() {
    test =
        new TestWiring<>(
            BatchedRpcPipeline.pipeline(10, new CountingEnrichment("watermark-test")), 3);
    function = new WatermarkFunction(test.wiring);
  }

  private void send(String shard, long sequence, String key, long eventTime) {
    test.wiring
        .batches()
        .process(
            shard,
            List.of(
                new InputRecord(
                    Long.toString(sequence),
                    key,
                    BatchedRpcPipeline.encode(new Event(key, sequence, eventTime, "p" + sequence)),
                    new Instant(0))),
            new Instant(0));
  }

  private long sweep() {
    Map<String, Object> result = function.handleRequest(Map.of(), null);
    return ((Number) result.get("watermark")).longValue();
  }

  @Test
  void aSweepFiresEventTimeTimersInOrderOncePassed() {
    send("shard-a", 1, "k", 70_000);
    send("shard-a", 2, "k", 10_000);
    send("shard-a", 3, "k", 200_000);

    long watermark = sweep();

    assertThat(watermark).isEqualTo(195_000);
    assertThat(test.outputs)
        .filteredOn(o -> o.value().flush() == EnrichedEvent.Flush.EXPIRY)
        .extracting(EngineOutput::timestamp)
        .as("expiry of [0,60s) at 89.999 s, then of [60s,120s) at 149.999 s")
        .containsExactly(new Instant(89_999), new Instant(149_999));
    assertThat(test.outputs)
        .filteredOn(o -> o.value().flush() == EnrichedEvent.Flush.STALE)
        .as("the third event's window is open; its buffer goes stale in processing time")
        .extracting(EngineOutput::timestamp)
        .containsExactly(new Instant(200_000));
  }

  @Test
  void anIdleShardDoesNotHoldTheWatermarkBack() {
    send("shard-a", 1, "a", 100_000);
    send("shard-b", 1, "b", 10_000);
    assertThat(sweep()).as("shard b's data is behind").isEqualTo(5_000);

    test.idleShards.add("shard-b");
    test.clock.set(150_000);

    assertThat(sweep()).as("caught-up shard b counts as if an event arrived now").isEqualTo(95_000);
  }

  @Test
  void childShardsStartFromTheirParentsWatermarkAndClosedParentsDropOut() {
    send("parent", 1, "a", 100_000);
    test.store.replaceShard(
        test.store.shard("parent"),
        new ShardRecord("parent", 95_000, 100_000, "1", List.of(), true));
    test.store.replaceShard(
        Optional.empty(),
        new ShardRecord("child-1", Long.MIN_VALUE, Long.MIN_VALUE, null, List.of("parent"), false));
    test.store.replaceShard(
        Optional.empty(),
        new ShardRecord("child-2", Long.MIN_VALUE, Long.MIN_VALUE, null, List.of("parent"), false));

    assertThat(sweep()).isEqualTo(95_000);
  }

  @Test
  void theScheduledEventFixtureIsAcceptedAsInput() {
    Map<String, Object> event = EventLoader.loadEvent("events/watermark-tick.json", Map.class);
    assertThat(function.handleRequest(event, null))
        .containsKeys("sweeps", "fired", "keysTicked", "watermark");
  }
}
