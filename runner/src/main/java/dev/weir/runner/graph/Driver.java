package dev.weir.runner.graph;

import dev.weir.runner.core.Emitter;
import dev.weir.runner.core.Stage;
import dev.weir.runner.stages.TestStreamStage;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.TestStream;
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
    List<TestStreamStage<?>> streams = new ArrayList<>();
    for (Stage stage : graph.stages()) {
      if (stage instanceof TestStreamStage<?> stream) {
        streams.add(stream);
      } else if (stage.isRoot()) {
        stage.start(emitterOf(stage));
      }
    }
    if (streams.size() > 1) {
      throw new UnsupportedOperationException(
          "WeirRunner replays one TestStream per pipeline; this one has " + streams.size());
    }
    drain();
    for (Stage stage : graph.stages()) {
      if (stage.isRoot() && !(stage instanceof TestStreamStage<?>)) {
        stage.setInputWatermark(BoundedWindow.TIMESTAMP_MAX_VALUE);
      }
    }
    advance();
    for (TestStreamStage<?> stream : streams) {
      replay(stream);
    }
    // Processing-time timers still pending would hold watermarks for good. Every window has
    // expired by now, so what they would fire Beam drops; firing them ends the run as the
    // DirectRunner's would end once its clock passed them.
    graph.clock().toEndOfTime();
    processingTimeMoved();
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

  /** Each event in turn: elements drained, then a watermark or the clock moved and drained. */
  private <T> void replay(TestStreamStage<T> stream) throws Exception {
    Stage root = stream; // the watermark setters are the graph's, not the stage's own
    List<TestStream.Event<T>> events = stream.events();
    for (int i = 0; i < events.size(); i++) {
      TestStream.Event<T> event = events.get(i);
      switch (event.getType()) {
        case ELEMENT -> {
          stream.emit((TestStream.ElementEvent<T>) event, emitterOf(stream));
          // Elements of consecutive events, with neither clock moving between them, go through
          // as one bundle: one commit per key instead of one per element.
          boolean moreElements =
              i + 1 < events.size() && events.get(i + 1).getType() == TestStream.EventType.ELEMENT;
          if (!moreElements) {
            drain();
          }
        }
        case WATERMARK -> {
          Instant watermark = ((TestStream.WatermarkEvent<T>) event).getWatermark();
          if (watermark.isAfter(root.inputWatermark())) {
            root.setInputWatermark(watermark);
          }
          advance();
        }
        case PROCESSING_TIME -> {
          graph
              .clock()
              .advance(((TestStream.ProcessingTimeEvent<T>) event).getProcessingTimeAdvance());
          processingTimeMoved();
        }
      }
    }
    root.setInputWatermark(BoundedWindow.TIMESTAMP_MAX_VALUE);
    advance();
  }

  /** Fires every stage's due processing-time timers, in topological order, then moves on. */
  private void processingTimeMoved() throws Exception {
    for (Stage stage : graph.stages()) {
      stage.onProcessingTime(graph.clock().now(), emitterOf(stage));
      drain();
    }
    advance();
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
        if (stage.retryWaiting(emitterOf(stage))) {
          drain();
          moved = true;
        }
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
