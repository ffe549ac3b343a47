package dev.weir.beam;

import java.util.Collection;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.NonMergingWindowFn;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.transforms.windowing.WindowMappingFn;

/**
 * A merging {@code WindowFn} as Beam's stateful runner chain sees it once {@link MergingWindows}
 * has merged an element's window: Beam refuses merging windows for stateful DoFns because its
 * runners do not merge state; Weir does, before the chain sees the element, so the chain gets
 * windows that merge no further. Its garbage collection and late-data rules use the windows' ends,
 * which are the merged sessions'.
 */
final class AlreadyMergedWindows extends NonMergingWindowFn<Object, BoundedWindow> {
  private final WindowFn<Object, BoundedWindow> merging;

  @SuppressWarnings("unchecked")
  AlreadyMergedWindows(WindowFn<?, ?> merging) {
    this.merging = (WindowFn<Object, BoundedWindow>) merging;
  }

  @Override
  public Collection<BoundedWindow> assignWindows(AssignContext c) {
    throw new UnsupportedOperationException("Weir assigns and merges " + merging + " itself");
  }

  @Override
  @SuppressWarnings("deprecation") // abstract in WindowFn, so it must be implemented
  public boolean isCompatible(WindowFn<?, ?> other) {
    return merging.isCompatible(other);
  }

  @Override
  public Coder<BoundedWindow> windowCoder() {
    return merging.windowCoder();
  }

  @Override
  public WindowMappingFn<BoundedWindow> getDefaultWindowMappingFn() {
    return merging.getDefaultWindowMappingFn();
  }
}
