package dev.weir.runner.stages;

import dev.weir.runner.core.Emitter;
import dev.weir.runner.core.Stage;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;

/**
 * {@code TestStream}: a root whose events the driver replays one at a time, elements emitted in the
 * global window at their timestamps, watermark and processing-time advances applied to the whole
 * pipeline between them.
 */
public final class TestStreamStage<T> extends Stage {
  private final List<TestStream.Event<T>> events;
  private final TupleTag<?> output;

  public TestStreamStage(
      String name, Map<TupleTag<?>, PCollection<?>> outputs, TestStream<T> stream) {
    super(name, List.of(), outputs);
    this.events = stream.getEvents();
    this.output = outputs.keySet().iterator().next();
  }

  public List<TestStream.Event<T>> events() {
    return events;
  }

  /** Emits an element event's elements. */
  public void emit(TestStream.ElementEvent<T> event, Emitter out) {
    for (TimestampedValue<T> element : event.getElements()) {
      out.emit(
          output,
          WindowedValues.timestampedValueInGlobalWindow(
              element.getValue(), element.getTimestamp()));
    }
  }

  @Override
  public void process(List<WindowedValue<?>> elements, Emitter out) {
    throw new IllegalStateException(name() + " has no input");
  }
}
