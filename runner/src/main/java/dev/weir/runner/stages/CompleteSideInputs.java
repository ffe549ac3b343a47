package dev.weir.runner.stages;

import java.util.List;
import java.util.function.Function;
import org.apache.beam.runners.core.InMemoryStateInternals;
import org.apache.beam.runners.core.SideInputHandler;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;

/**
 * The side inputs of one {@code ParDo}, read through Beam's {@code SideInputHandler}: a view's
 * window is handed over once its stage has seen all of it (default triggers: one pane per window),
 * and an element may be processed once every window it reads is.
 */
final class CompleteSideInputs {
  private final List<PCollectionView<?>> views;
  private final Function<PCollectionView<?>, ViewStage> viewStages;
  private final SideInputHandler handler;

  CompleteSideInputs(
      List<PCollectionView<?>> views, Function<PCollectionView<?>, ViewStage> viewStages) {
    this.views = List.copyOf(views);
    this.viewStages = viewStages;
    this.handler = new SideInputHandler(this.views, InMemoryStateInternals.forKey(null));
  }

  List<PCollectionView<?>> views() {
    return views;
  }

  SideInputHandler handler() {
    return handler;
  }

  /**
   * Hands over the complete windows {@code element} reads; true if every window it reads is
   * complete, so it may be processed now.
   */
  boolean offer(WindowedValue<?> element) {
    boolean ready = true;
    for (PCollectionView<?> view : views) {
      ViewStage stage = viewStages.apply(view);
      for (BoundedWindow window : element.getWindows()) {
        BoundedWindow sideWindow = view.getWindowMappingFn().getSideInputWindow(window);
        if (!handler.isReady(view, sideWindow) && stage.isComplete(sideWindow)) {
          handler.addSideInputValue(
              view,
              WindowedValues.of(
                  (Iterable<?>) stage.contentsOf(sideWindow),
                  sideWindow.maxTimestamp(),
                  sideWindow,
                  PaneInfo.ON_TIME_AND_ONLY_FIRING));
        }
        ready &= handler.isReady(view, sideWindow);
      }
    }
    return ready;
  }
}
