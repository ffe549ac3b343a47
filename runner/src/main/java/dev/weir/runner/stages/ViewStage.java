package dev.weir.runner.stages;

import dev.weir.runner.core.Emitter;
import dev.weir.runner.core.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;

/**
 * {@code View.CreatePCollectionView}: keeps its input per window for the {@code ParDo}s reading the
 * view as a side input, and passes it on. A window's contents are final once the stage's input
 * watermark has passed the window's end (default triggers: one pane per window).
 */
public final class ViewStage extends Stage {
  private final PCollectionView<?> view;
  private final TupleTag<?> output;
  private final Map<BoundedWindow, List<Object>> contents = new HashMap<>();

  public ViewStage(
      String name,
      List<PCollection<?>> inputs,
      Map<TupleTag<?>, PCollection<?>> outputs,
      PCollectionView<?> view) {
    super(name, inputs, outputs);
    this.view = view;
    this.output = outputs.keySet().iterator().next();
  }

  public PCollectionView<?> view() {
    return view;
  }

  /** True once nothing more can arrive in {@code window}. */
  public boolean isComplete(BoundedWindow window) {
    return inputWatermark().isAfter(window.maxTimestamp());
  }

  /** What the view holds in {@code window}: empty if nothing arrived there. */
  public List<Object> contentsOf(BoundedWindow window) {
    return contents.getOrDefault(window, List.of());
  }

  @Override
  public void process(List<WindowedValue<?>> elements, Emitter out) {
    for (WindowedValue<?> element : elements) {
      for (BoundedWindow window : element.getWindows()) {
        contents.computeIfAbsent(window, w -> new ArrayList<>()).add(element.getValue());
      }
      out.emit(output, element);
    }
  }
}
