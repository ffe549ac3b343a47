package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.store.memory.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.TimerMap;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The "fire due timers" use case on its own: a sweep that moves the watermark fires a key's due
 * timers in timestamp order, a timer a firing sets before those still pending fires before them
 * (Beam's strict ordering), and nothing fires that is not yet due.
 */
class TimerFiringTest {
  /** Sets timers at 30 s, 10 s and 20 s; the one at 10 s sets another at 15 s. */
  static class OrderFn extends DoFn<KV<String, String>, String> {
    @TimerFamily("at")
    private final TimerSpec at = TimerSpecs.timerMap(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(@TimerFamily("at") TimerMap timers) {
      timers.set("t30", new Instant(30_000));
      timers.set("t10", new Instant(10_000));
      timers.set("t20", new Instant(20_000));
      timers.set("t90", new Instant(90_000));
    }

    @OnTimerFamily("at")
    public void onTimer(
        @TimerId String id, @TimerFamily("at") TimerMap timers, OutputReceiver<String> out) {
      out.output(id);
      if (id.equals("t10")) {
        timers.set("t15", new Instant(15_000));
      }
    }
  }

  @Test
  void dueTimersFireInTimestampOrderIncludingThoseSetByAFiring() {
    WeirPipeline<String, String, String> pipeline =
        WeirPipeline.<String, String, String>builder("firing-order")
            .input(bytes -> new String(bytes, StandardCharsets.UTF_8), StringUtf8Coder.of())
            .key(v -> v, StringUtf8Coder.of())
            .eventTime(v -> new Instant(1_000))
            .doFn(new OrderFn(), StringUtf8Coder.of())
            .build();
    InMemoryStore store = new InMemoryStore();
    List<EngineOutput<String>> outputs = new ArrayList<>();
    WeirEngine<String, String, String> engine =
        new WeirEngine<>(pipeline, store.asStores(), outputs::addAll);
    byte[] data = "k".getBytes(StandardCharsets.UTF_8);
    engine.processBundle(
        "shard-0", List.of(new InputRecord("1", "k", data, new Instant(0))), new Instant(0));
    assertThat(outputs).isEmpty();

    store.advanceGlobalWatermark(60_000);
    FiringResult fired = engine.fireEventTimers(new Instant(0));

    assertThat(outputs).extracting(EngineOutput::value).containsExactly("t10", "t15", "t20", "t30");
    assertThat(fired.failedKeys()).isEmpty();
  }
}
