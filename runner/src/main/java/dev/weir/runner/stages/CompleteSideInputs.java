package dev.weir.runner.stages;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
 * and an element may be processed once every window it reads is; until then it is held back, and
 * holds the stage's watermark.
 */
final class CompleteSideInputs {
  private final List<PCollectionView<?>> views;
  private final Function<PCollectionView<?>, ViewStage> viewStages;
  private final SideInputHandler handler;
  private final List<WindowedValue<?>> waiting = new ArrayList<>();

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

  /** Keeps {@code element} until the windows it reads are complete. */
  void holdBack(WindowedValue<?> element) {
    waiting.add(element);
  }

  /**
   * Runs {@code work} on the elements held back, which holds back again what is still not ready;
   * true if any of them went through.
   */
  boolean retry(Consumer<List<WindowedValue<?>>> work) {
    if (waiting.isEmpty()) {
      return false;
    }
    List<WindowedValue<?>> retried = new ArrayList<>(waiting);
    waiting.clear();
    work.accept(retried);
    return waiting.size() < retried.size();
  }

  /** The earliest timestamp held back, or {@code Long.MAX_VALUE}: it holds the watermark. */
  long earliestHeldBackMillis() {
    long earliest = Long.MAX_VALUE;
    for (WindowedValue<?> element : waiting) {
      earliest = Math.min(earliest, element.getTimestamp().getMillis());
    }
    return earliest;
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
