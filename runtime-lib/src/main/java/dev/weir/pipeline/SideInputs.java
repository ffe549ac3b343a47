package dev.weir.pipeline;

import java.util.Collection;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The side inputs a DoFn reads, as whoever runs the pipeline provides them (a Beam runner hosting
 * Weir's engine); the Lambda functions provide none. Every read is of a window that is already
 * complete: the provider holds elements back until it is.
 */
public interface SideInputs {
  /** The views provided. */
  Collection<PCollectionView<?>> views();

  /** The value of {@code view} in {@code window} (a side-input window, already mapped). */
  <T> T get(PCollectionView<T> view, BoundedWindow window);
}
