package dev.weir.beam;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Instant;

/** Receives every output of the DoFn, one window at a time. */
@FunctionalInterface
public interface OutputListener<OutputT> {
  void output(OutputT value, Instant timestamp, BoundedWindow window);

  /** An output to one of the additional outputs the pipeline declared. */
  default void additionalOutput(
      TupleTag<?> tag, Object value, Instant timestamp, BoundedWindow window) {
    throw new IllegalStateException("the DoFn output to " + tag + ", which takes no outputs here");
  }
}
