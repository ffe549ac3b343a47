package dev.weir.runner.stages;

import dev.weir.runner.core.Emitter;
import dev.weir.runner.core.Stage;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;

/** {@code Flatten}: every element of every input, as it is. */
public final class FlattenStage extends Stage {
  private final TupleTag<?> output;

  public FlattenStage(
      String name, List<PCollection<?>> inputs, Map<TupleTag<?>, PCollection<?>> outputs) {
    super(name, inputs, outputs);
    this.output = outputs.keySet().iterator().next();
  }

  @Override
  public void process(List<WindowedValue<?>> elements, Emitter out) {
    elements.forEach(element -> out.emit(output, element));
  }
}
