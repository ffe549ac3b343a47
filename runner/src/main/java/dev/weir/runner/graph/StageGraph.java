package dev.weir.runner.graph;

import dev.weir.runner.core.RunnerClock;
import dev.weir.runner.core.Stage;
import dev.weir.runner.stages.ViewStage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The stages in topological order, who consumes each collection (a stage reading one collection
 * twice, as a {@code Flatten} may, is listed twice) and who produces it.
 */
public final class StageGraph {
  private final List<Stage> stages = new ArrayList<>();
  private final Map<PCollection<?>, Stage> producers = new HashMap<>();
  private final Map<PCollection<?>, List<Stage>> consumers = new HashMap<>();
  private final RunnerClock clock;
  private final Map<TupleTag<?>, ViewStage> views = new HashMap<>();

  StageGraph(RunnerClock clock) {
    this.clock = clock;
  }

  /** The processing time the run's stages see. */
  public RunnerClock clock() {
    return clock;
  }

  @SuppressWarnings("deprecation") // getTagInternal: Beam's runner-facing API, not for users
  void add(Stage stage) {
    stages.add(stage);
    if (stage instanceof ViewStage viewStage) {
      views.put(viewStage.view().getTagInternal(), viewStage);
    }
    stage.outputs().values().forEach(output -> producers.put(output, stage));
    stage
        .mainInputs()
        .forEach(input -> consumers.computeIfAbsent(input, c -> new ArrayList<>()).add(stage));
  }

  /** The stage materializing {@code view}; it precedes every stage reading the view. */
  @SuppressWarnings("deprecation") // as in add
  public ViewStage viewStageOf(PCollectionView<?> view) {
    ViewStage stage = views.get(view.getTagInternal());
    if (stage == null) {
      throw new IllegalStateException("no stage materializes the view " + view);
    }
    return stage;
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
