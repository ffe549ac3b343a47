package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.fixtures.FiringOrderFn;
import dev.weir.fixtures.KeyColonPayload;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.store.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The "fire due timers" use case on its own: a sweep that moves the watermark fires a key's due
 * timers in timestamp order, a timer a firing sets before those still pending fires before them
 * (Beam's strict ordering), and nothing fires that is not yet due.
 */
class TimerFiringTest {
  @Test
  void dueTimersFireInTimestampOrderIncludingThoseSetByAFiring() {
    WeirPipeline<String, String, String> pipeline =
        KeyColonPayload.pipeline("firing-order", new FiringOrderFn());
    InMemoryStore store = new InMemoryStore();
    List<EngineOutput<String>> outputs = new ArrayList<>();
    WeirEngine<String, String, String> engine =
        new WeirEngine<>(pipeline, store.asStores(), outputs::addAll);
    engine.processBundle(
        "shard-0", List.of(KeyColonPayload.record(pipeline, "1", "k:go")), new Instant(0));
    assertThat(outputs).isEmpty();

    store.advanceGlobalWatermark(60_000);
    FiringResult fired = engine.fireEventTimers(new Instant(0));

    assertThat(outputs)
        .extracting(EngineOutput::value)
        .as("t90 is not due yet")
        .containsExactly("t10", "t15", "t20", "t30");
    assertThat(fired.failedKeys()).isEmpty();
  }
}
