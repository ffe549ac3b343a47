package dev.weir.runner.stages;

import dev.weir.runner.core.Emitter;
import dev.weir.runner.core.Stage;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.joda.time.Instant;

/**
 * {@code Window.into}: each element, in each of its windows, assigned the windows of the new window
 * function at its timestamp (a window function without windows of its own keeps them).
 */
public final class AssignWindowsStage<T, W extends BoundedWindow> extends Stage {
  private final WindowFn<T, W> windowFn;
  private final TupleTag<?> output;

  public AssignWindowsStage(
      String name,
      List<PCollection<?>> inputs,
      Map<TupleTag<?>, PCollection<?>> outputs,
      WindowFn<T, W> windowFn) {
    super(name, inputs, outputs);
    this.windowFn = windowFn;
    this.output = outputs.keySet().iterator().next();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void process(List<WindowedValue<?>> elements, Emitter out) throws Exception {
    for (WindowedValue<?> element : elements) {
      if (windowFn == null) {
        out.emit(output, element);
        continue;
      }
      for (WindowedValue<?> inOne : element.explodeWindows()) {
        WindowedValue<T> single = (WindowedValue<T>) inOne;
        BoundedWindow window = single.getWindows().iterator().next();
        Collection<W> windows =
            windowFn.assignWindows(
                windowFn.new AssignContext() {
                  @Override
                  public T element() {
                    return single.getValue();
                  }

                  @Override
                  public Instant timestamp() {
                    return single.getTimestamp();
                  }

                  @Override
                  public BoundedWindow window() {
                    return window;
                  }
                });
        out.emit(
            output,
            WindowedValues.of(
                single.getValue(), single.getTimestamp(), windows, single.getPaneInfo()));
      }
    }
  }
}
