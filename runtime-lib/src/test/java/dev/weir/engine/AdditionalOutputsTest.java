package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.store.memory.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A stateful DoFn's additional outputs (what a Beam runner declares) travel with its main outputs:
 * tagged, identified alike, emitted before the key commits and never again on a replay.
 */
class AdditionalOutputsTest {
  static final TupleTag<Object> EVEN = new TupleTag<>("even");
  static final TupleTag<Integer> ODD = new TupleTag<>("odd");

  /** Counts per key; even counts go to the main output as text, odd ones to {@code ODD}. */
  static class SplitByParityFn extends DoFn<KV<String, String>, Object> {
    @StateId("count")
    private final StateSpec<ValueState<Integer>> count = StateSpecs.value(VarIntCoder.of());

    @ProcessElement
    public void process(@StateId("count") ValueState<Integer> count, MultiOutputReceiver out) {
      int next = (count.read() == null ? 0 : count.read()) + 1;
      count.write(next);
      if (next % 2 == 0) {
        out.get(EVEN).output("even " + next);
      } else {
        out.get(ODD).output(next);
      }
    }
  }

  private final InMemoryStore store = new InMemoryStore();
  private final List<EngineOutput<Object>> outputs = new ArrayList<>();

  @SuppressWarnings({"unchecked", "rawtypes"}) // main outputs are text, typed Object as a runner's
  private static final Coder<Object> MAIN_CODER = (Coder) StringUtf8Coder.of();

  private WeirPipeline.Builder<String, String, Object> pipeline() {
    return WeirPipeline.<String, String, Object>builder("additional-outputs")
        .input(bytes -> new String(bytes, StandardCharsets.UTF_8), StringUtf8Coder.of())
        .key(value -> value.substring(0, value.indexOf(':')), StringUtf8Coder.of())
        .eventTime(value -> new Instant(1_000))
        .doFn(new SplitByParityFn(), MAIN_CODER);
  }

  private WeirEngine<String, String, Object> engine() {
    WeirPipeline<String, String, Object> pipeline =
        pipeline().outputTags(EVEN, Map.of(ODD, VarIntCoder.of())).build();
    return new WeirEngine<>(pipeline, store.asStores(), outputs::addAll);
  }

  private static List<InputRecord> bundle() {
    List<InputRecord> records = new ArrayList<>();
    String[] values = {"a:1", "a:2", "a:3", "b:1"};
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

  private List<String> described() {
    return outputs.stream()
        .map(o -> (o.isMain() ? "main" : o.tag().getId()) + ":" + o.keyId() + ":" + o.value())
        .sorted()
        .toList();
  }

  @Test
  void additionalOutputsAreTaggedAndTravelWithTheMainOnes() {
    engine().processBundle("shard-0", bundle(), new Instant(0));

    assertThat(outputs).hasSize(4);
    assertThat(outputs.stream().filter(o -> !o.isMain()).map(EngineOutput::value))
        .containsExactlyInAnyOrder(1, 3, 1);
    assertThat(outputs.stream().filter(EngineOutput::isMain).map(EngineOutput::value))
        .containsExactly("even 2");
    assertThat(outputs.stream().filter(o -> !o.isMain()).<Object>map(EngineOutput::tag))
        .containsOnly(ODD);
    assertThat(outputs.stream().map(EngineOutput::id).distinct()).hasSize(4);
  }

  @Test
  void aReplayedBundleEmitsNeitherKindAgain() {
    engine().processBundle("shard-0", bundle(), new Instant(0));
    List<String> first = described();

    engine().processBundle("shard-0", bundle(), new Instant(0));

    assertThat(described()).isEqualTo(first);
  }

  @Test
  void aPipelineThatDeclaresNoAdditionalOutputsRefusesADoFnWithThem() {
    assertThatThrownBy(() -> pipeline().build())
        .hasMessageContaining("additional outputs (MultiOutputReceiver)");
  }
}
