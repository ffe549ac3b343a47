package dev.weir.beam;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/** Receives every output of the DoFn, one window at a time. */
@FunctionalInterface
public interface OutputListener<OutputT> {
  void output(OutputT value, Instant timestamp, BoundedWindow window);
}
