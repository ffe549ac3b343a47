package dev.weir.runner.stages;

import dev.weir.runner.core.Emitter;
import dev.weir.runner.core.Stage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;

/** A bounded source read whole at the start, each element at the timestamp the source gives. */
public final class BoundedReadStage<T> extends Stage {
  private final BoundedSource<T> source;
  private final PipelineOptions options;

  public BoundedReadStage(
      String name,
      Map<TupleTag<?>, PCollection<?>> outputs,
      BoundedSource<T> source,
      PipelineOptions options) {
    super(name, List.of(), outputs);
    this.source = source;
    this.options = options;
  }

  @Override
  public void start(Emitter out) throws IOException {
    TupleTag<?> tag = outputs().keySet().iterator().next();
    try (BoundedSource.BoundedReader<T> reader = source.createReader(options)) {
      for (boolean more = reader.start(); more; more = reader.advance()) {
        out.emit(
            tag,
            WindowedValues.timestampedValueInGlobalWindow(
                reader.getCurrent(), reader.getCurrentTimestamp()));
      }
    }
  }

  @Override
  public void process(List<WindowedValue<?>> elements, Emitter out) {
    throw new IllegalStateException(name() + " has no input");
  }
}
