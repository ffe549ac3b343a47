package dev.weir.runner.core;

import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;

/** Where a stage puts what it outputs: the stages consuming the output tagged {@code tag}. */
@FunctionalInterface
public interface Emitter {
  void emit(TupleTag<?> tag, WindowedValue<?> element);
}
