package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.sink.OutputSink;
import dev.weir.store.memory.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What {@code @FinishBundle} outputs comes from records of the bundle; it must go out before those
 * records are committed as applied, or a failed send loses it: the replay skips the records, and
 * nothing is left to flush.
 */
class FinishBundleOutputsTest {
  /** Counts per key, and outputs the counts it saw only when the bundle finishes (batched). */
  static class FlushAtFinishFn extends DoFn<KV<String, String>, String> {
    @StateId("count")
    private final StateSpec<ValueState<Integer>> count = StateSpecs.value(VarIntCoder.of());

    private transient List<String> buffered;

    @StartBundle
    public void start() {
      buffered = new ArrayList<>();
    }

    @ProcessElement
    public void process(
        @Element KV<String, String> element, @StateId("count") ValueState<Integer> count) {
      int next = (count.read() == null ? 0 : count.read()) + 1;
      count.write(next);
      buffered.add(element.getKey() + "=" + next);
    }

    @FinishBundle
    public void finish(FinishBundleContext context) {
      for (String value : buffered) {
        context.output("flushed:" + value, new Instant(0), GlobalWindow.INSTANCE);
      }
    }
  }

  private final InMemoryStore store = new InMemoryStore();
  private final List<EngineOutput<String>> outputs = new ArrayList<>();
  private int sendsToFail;
  private boolean failAfterSending;
  private final OutputSink<String> sink =
      emitted -> {
        boolean flush = emitted.stream().anyMatch(o -> o.value().startsWith("flushed:"));
        if (flush && sendsToFail > 0) {
          sendsToFail--;
          if (failAfterSending) {
            outputs.addAll(emitted); // sent, but the answer was lost
          }
          throw new IllegalStateException("the output stream refused the records");
        }
        outputs.addAll(emitted);
      };

  private WeirEngine<String, String, String> engine() {
    return new WeirEngine<>(
        WeirPipeline.<String, String, String>builder("finish-bundle")
            .input(bytes -> new String(bytes, StandardCharsets.UTF_8), StringUtf8Coder.of())
            .key(value -> value.substring(0, value.indexOf(':')), StringUtf8Coder.of())
            .eventTime(value -> new Instant(1_000))
            .doFn(new FlushAtFinishFn(), StringUtf8Coder.of())
            .build(),
        store.asStores(),
        sink);
  }

  private static List<InputRecord> bundle() {
    List<InputRecord> records = new ArrayList<>();
    String[] values = {"a:1", "b:1", "a:2"};
    for (int i = 0; i < values.length; i++) {
      records.add(
          new InputRecord(
              Integer.toString(i + 1),
              values[i].substring(0, 1),
              values[i].getBytes(StandardCharsets.UTF_8),
              new Instant(0)));
    }
    return records;
  }

  private List<String> values() {
    return outputs.stream().map(EngineOutput::value).sorted().toList();
  }

  @Test
  void finishBundleOutputsTheStreamRefusedAreSentWhenTheBatchIsRetried() {
    sendsToFail = 1;
    assertThatThrownBy(() -> engine().processBundle("shard-0", bundle(), new Instant(0)))
        .hasMessageContaining("refused");

    // Lambda retries the batch, in a fresh container.
    engine().processBundle("shard-0", bundle(), new Instant(0));

    assertThat(values()).containsExactly("flushed:a=1", "flushed:a=2", "flushed:b=1");
  }

  @Test
  void aRetriedFinishBundleOutputKeepsItsId() {
    sendsToFail = 1;
    failAfterSending = true;
    assertThatThrownBy(() -> engine().processBundle("shard-0", bundle(), new Instant(0)))
        .hasMessageContaining("refused");
    engine().processBundle("shard-0", bundle(), new Instant(0));

    // The bundle's one send went out twice (its answer was lost): duplicates, under one id each.
    assertThat(values())
        .containsExactly(
            "flushed:a=1",
            "flushed:a=1",
            "flushed:a=2",
            "flushed:a=2",
            "flushed:b=1",
            "flushed:b=1");
    assertThat(outputs.stream().map(EngineOutput::id).distinct()).hasSize(3);
  }

  @Test
  void finishBundleOutputsAreEmittedOncePerKeyAndNeverTwice() {
    engine().processBundle("shard-0", bundle(), new Instant(0));
    engine().processBundle("shard-0", bundle(), new Instant(0)); // a replay: all skipped

    assertThat(values()).containsExactly("flushed:a=1", "flushed:a=2", "flushed:b=1");
  }
}
