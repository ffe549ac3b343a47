package dev.weir.runner.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.PCollection;

/**
 * The stages in topological order, who consumes each collection (a stage reading one collection
 * twice, as a {@code Flatten} may, is listed twice) and who produces it.
 */
public final class StageGraph {
  private final List<Stage> stages = new ArrayList<>();
  private final Map<PCollection<?>, Stage> producers = new HashMap<>();
  private final Map<PCollection<?>, List<Stage>> consumers = new HashMap<>();
  private final RunnerClock clock;

  StageGraph(RunnerClock clock) {
    this.clock = clock;
  }

  /** The processing time the run's stages see. */
  public RunnerClock clock() {
    return clock;
  }

  void add(Stage stage) {
    stages.add(stage);
    stage.outputs().values().forEach(output -> producers.put(output, stage));
    stage
        .mainInputs()
        .forEach(input -> consumers.computeIfAbsent(input, c -> new ArrayList<>()).add(stage));
  }

  /** How many stages there are so far: the next one's index. */
  int size() {
    return stages.size();
  }

  List<Stage> stages() {
    return stages;
  }

  Stage producerOf(PCollection<?> collection) {
    Stage producer = producers.get(collection);
    if (producer == null) {
      throw new IllegalStateException("no stage produces " + collection);
    }
    return producer;
  }

  List<Stage> consumersOf(PCollection<?> collection) {
    return consumers.getOrDefault(collection, List.of());
  }

  /** Tears every stage down, each even if another fails. */
  public void tearDown() {
    RuntimeException first = null;
    for (Stage stage : stages) {
      try {
        stage.tearDown();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
