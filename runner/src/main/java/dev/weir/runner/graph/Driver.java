package dev.weir.runner.graph;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Moves elements and watermarks through a {@link StageGraph}, one thread, deterministically.
 *
 * <p>Elements are always processed before any watermark moves: a stage sees an element while its
 * input watermark is still at or before every timestamp its producers may yet emit, so nothing a
 * producer emitted on time is dropped downstream as late. Watermarks then advance stage by stage in
 * topological order; what a stage fires when its input watermark moves (timers, panes) is drained
 * downstream before the next stage's watermark moves. Bounded roots emit everything at the start,
 * then their watermark jumps to the end of time; the run ends when no watermark can move.
 */
public final class Driver {
  private final StageGraph graph;

  public Driver(StageGraph graph) {
    this.graph = graph;
  }

  public void run() throws Exception {
    for (Stage stage : graph.stages()) {
      if (stage.isRoot()) {
        stage.start(emitterOf(stage));
      }
    }
    drain();
    for (Stage stage : graph.stages()) {
      if (stage.isRoot()) {
        stage.setInputWatermark(BoundedWindow.TIMESTAMP_MAX_VALUE);
      }
    }
    advance();
    List<String> stuck = new ArrayList<>();
    for (Stage stage : graph.stages()) {
      if (stage.outputWatermark().isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
        stuck.add(
            stage.name() + " at " + stage.outputWatermark() + " (holds " + stage.hold() + ")");
      }
    }
    if (!stuck.isEmpty()) {
      throw new IllegalStateException(
          "the pipeline ended with stages short of the end of time: " + stuck);
    }
  }

  /** Processes queued elements until none is left anywhere. */
  private void drain() throws Exception {
    boolean processed = true;
    while (processed) {
      processed = false;
      for (Stage stage : graph.stages()) {
        if (stage.hasQueued()) {
          stage.process(stage.takeQueued(), emitterOf(stage));
          processed = true;
        }
      }
    }
  }

  /** Moves every watermark as far as it can go, draining what each move fires. */
  private void advance() throws Exception {
    boolean moved = true;
    while (moved) {
      moved = false;
      for (Stage stage : graph.stages()) {
        Instant input = stage.isRoot() ? stage.inputWatermark() : leastProducerWatermark(stage);
        if (input.isAfter(stage.inputWatermark())) {
          stage.setInputWatermark(input);
          stage.onInputWatermark(input, emitterOf(stage));
          drain();
          moved = true;
        }
        Instant held = stage.hold();
        Instant output = held.isBefore(stage.inputWatermark()) ? held : stage.inputWatermark();
        if (output.isAfter(stage.outputWatermark())) {
          stage.setOutputWatermark(output);
          moved = true;
        }
      }
    }
  }

  private Instant leastProducerWatermark(Stage stage) {
    Instant least = BoundedWindow.TIMESTAMP_MAX_VALUE;
    for (PCollection<?> input : stage.mainInputs()) {
      Instant produced = graph.producerOf(input).outputWatermark();
      if (produced.isBefore(least)) {
        least = produced;
      }
    }
    return least;
  }

  private Emitter emitterOf(Stage stage) {
    return (tag, element) -> {
      PCollection<?> output = stage.outputs().get(tag);
      if (output == null) {
        throw new IllegalStateException(stage.name() + " has no output tagged " + tag);
      }
      for (Stage consumer : graph.consumersOf(output)) {
        consumer.enqueue(element);
      }
    };
  }
}
