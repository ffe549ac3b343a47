package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.pipeline.WeirPipeline;
import dev.weir.store.Stores;
import dev.weir.store.cache.CachingStateStore;
import dev.weir.store.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Two containers, each remembering state across invocations, work on the same key: what one
 * remembers goes stale when the other commits, and that must never show in outputs or state.
 */
class CachedStateTest {
  /** Remembers the last value and sets an event-time timer at the time the value names. */
  static class TimerAtValueFn extends DoFn<KV<String, String>, String> {
    @StateId("last")
    private final StateSpec<ValueState<String>> last = StateSpecs.value(StringUtf8Coder.of());

    @TimerId("at")
    private final TimerSpec at = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(
        @Element KV<String, String> element,
        @StateId("last") ValueState<String> last,
        @TimerId("at") Timer timer) {
      last.write(element.getValue());
      timer.set(new Instant(Long.parseLong(element.getValue())));
    }

    @OnTimer("at")
    public void onTimer(@StateId("last") ValueState<String> last, OutputReceiver<String> out) {
      out.output(last.read());
    }
  }

  private final InMemoryStore durable = new InMemoryStore();
  private final WeirPipeline<String, String, String> pipeline =
      WeirPipeline.<String, String, String>builder("cached-state")
          .input(String::new, StringUtf8Coder.of())
          .key(v -> "k", StringUtf8Coder.of())
          .eventTime(v -> new Instant(0))
          .doFn(new TimerAtValueFn(), StringUtf8Coder.of())
          .build();

  /** One container: its own engine and its own memory of state, over the shared store. */
  private final class Container implements AutoCloseable {
    final List<String> outputs = new ArrayList<>();
    final String shard;
    final Stores stores;
    final WeirEngine<String, String, String> engine;
    long sequence;

    Container(String shard) {
      this.shard = shard;
      this.stores = CachingStateStore.around(durable.asStores(), 1 << 20);
      this.engine =
          new WeirEngine<>(pipeline, stores, out -> out.forEach(o -> outputs.add(o.value())));
    }

    void send(String value) {
      sequence++;
      engine.processDecoded(
          shard,
          List.of(
              new DecodedRecord<>(
                  new InputRecord(Long.toString(sequence), "k", new byte[0], new Instant(0)),
                  "k",
                  value,
                  new Instant(0))),
          new Instant(0));
    }

    void advanceWatermarkTo(long millis) {
      stores.shards().advanceGlobalWatermark(millis);
      engine.fireEventTimers(new Instant(0));
    }

    @Override
    public void close() {
      engine.close();
    }
  }

  @Test
  void aFiringOnStaleStateIsRedoneBeforeItsOutputsGoOut() {
    try (Container b = new Container("shard-b");
        Container a = new Container("shard-a")) {
      b.send("1000");
      a.send("1500"); // the timer moved and the value changed, committed by the other container

      b.advanceWatermarkTo(2_000);

      assertThat(b.outputs).as("nothing from the stale state b remembered").containsExactly("1500");
      assertThat(a.outputs).isEmpty();
    }
  }

  @Test
  void aTimerSetElsewhereFiresThoughTheRememberedStateLacksIt() {
    try (Container b = new Container("shard-b");
        Container a = new Container("shard-a")) {
      b.send("1000");
      b.advanceWatermarkTo(2_000); // fires; b remembers the key without timers
      a.send("5000"); // sets a timer b does not know of

      b.advanceWatermarkTo(6_000);

      assertThat(b.outputs).containsExactly("1000", "5000");
    }
  }

  @Test
  void aStaleCommitIsRedoneOnFreshState() {
    try (Container b = new Container("shard-b");
        Container a = new Container("shard-a")) {
      b.send("3000");
      a.send("4000");
      b.send("5000"); // b's memory is one version behind: its commit conflicts and is redone

      b.advanceWatermarkTo(10_000);

      assertThat(b.outputs).containsExactly("5000");
    }
  }
}
