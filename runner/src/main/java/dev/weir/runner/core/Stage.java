package dev.weir.runner.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.joda.time.Instant;

/**
 * One primitive transform of the pipeline as the driver runs it: elements queued for it, its input
 * watermark (the least output watermark of the stages producing its main inputs) and its output
 * watermark (never past its input watermark, nor past what it still holds back). The queue and the
 * watermark setters are the driver's: a stage only reads its watermarks.
 */
public abstract class Stage {
  private final String name;
  private final List<PCollection<?>> mainInputs;
  private final Map<TupleTag<?>, PCollection<?>> outputs;
  private final List<WindowedValue<?>> queued = new ArrayList<>();
  private Instant inputWatermark = BoundedWindow.TIMESTAMP_MIN_VALUE;
  private Instant outputWatermark = BoundedWindow.TIMESTAMP_MIN_VALUE;

  protected Stage(
      String name, List<PCollection<?>> mainInputs, Map<TupleTag<?>, PCollection<?>> outputs) {
    this.name = name;
    this.mainInputs = List.copyOf(mainInputs);
    this.outputs = Map.copyOf(outputs);
  }

  /** A root's elements, emitted when the pipeline starts; nothing for other stages. */
  public void start(Emitter out) throws Exception {}

  /** Processes elements of its main inputs at the current input watermark. */
  public abstract void process(List<WindowedValue<?>> elements, Emitter out) throws Exception;

  /** The input watermark moved to {@code watermark}: fire what it made due. */
  public void onInputWatermark(Instant watermark, Emitter out) throws Exception {}

  /** Processes what waited for side inputs, if any became ready; true if anything was processed. */
  public boolean retryWaiting(Emitter out) throws Exception {
    return false;
  }

  /** Processing time moved to {@code now}: fire the processing-time timers it made due. */
  public void onProcessingTime(Instant now, Emitter out) throws Exception {}

  /** The earliest timestamp this stage may still output on its own, beyond its input watermark. */
  public Instant hold() {
    return BoundedWindow.TIMESTAMP_MAX_VALUE;
  }

  /** Releases what the stage holds (a DoFn's {@code @Teardown}). */
  public void tearDown() {}

  public final String name() {
    return name;
  }

  public final List<PCollection<?>> mainInputs() {
    return mainInputs;
  }

  public final Map<TupleTag<?>, PCollection<?>> outputs() {
    return outputs;
  }

  public final boolean isRoot() {
    return mainInputs.isEmpty();
  }

  public final void enqueue(WindowedValue<?> element) {
    queued.add(element);
  }

  public final List<WindowedValue<?>> takeQueued() {
    List<WindowedValue<?>> taken = new ArrayList<>(queued);
    queued.clear();
    return taken;
  }

  public final boolean hasQueued() {
    return !queued.isEmpty();
  }

  public final Instant inputWatermark() {
    return inputWatermark;
  }

  public final void setInputWatermark(Instant watermark) {
    inputWatermark = watermark;
  }

  public final Instant outputWatermark() {
    return outputWatermark;
  }

  public final void setOutputWatermark(Instant watermark) {
    outputWatermark = watermark;
  }

  @Override
  public String toString() {
    return name;
  }
}
