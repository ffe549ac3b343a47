package dev.weir.runner.stages;

import dev.weir.runner.core.Emitter;
import dev.weir.runner.core.Stage;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;

/** {@code Impulse}: one empty byte array in the global window, at the start of time. */
public final class ImpulseStage extends Stage {
  public ImpulseStage(String name, Map<TupleTag<?>, PCollection<?>> outputs) {
    super(name, List.of(), outputs);
  }

  @Override
  public void start(Emitter out) {
    TupleTag<?> tag = outputs().keySet().iterator().next();
    out.emit(tag, WindowedValues.valueInGlobalWindow(new byte[0]));
  }

  @Override
  public void process(List<WindowedValue<?>> elements, Emitter out) {
    throw new IllegalStateException(name() + " has no input");
  }
}
