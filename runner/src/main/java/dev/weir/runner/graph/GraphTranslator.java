package dev.weir.runner.graph;

import dev.weir.runner.core.RunnerClock;
import dev.weir.runner.core.Stage;
import dev.weir.runner.core.StageStores;
import dev.weir.runner.stages.AssignWindowsStage;
import dev.weir.runner.stages.BoundedReadStage;
import dev.weir.runner.stages.FlattenStage;
import dev.weir.runner.stages.GroupByKeyStage;
import dev.weir.runner.stages.ImpulseStage;
import dev.weir.runner.stages.StatefulParDoStage;
import dev.weir.runner.stages.StatelessParDoStage;
import dev.weir.runner.stages.TestStreamStage;
import dev.weir.runner.stages.ViewStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.util.construction.SplittableParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Turns a pipeline's primitive transforms into stages, in topological order. Composites (Combine,
 * Reshuffle, PAssert's checks) are entered and run as the primitives they expand to; a primitive
 * the runner does not know fails the translation, naming it.
 */
public final class GraphTranslator {
  private GraphTranslator() {}

  /**
   * @param stores where the stateful stages and groupings keep state and timers, each its own
   */
  public static StageGraph translate(
      Pipeline pipeline, PipelineOptions options, StageStores stores) {
    StageGraph graph =
        new StageGraph(hasTestStream(pipeline) ? RunnerClock.manual() : RunnerClock.wall());
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            graph.add(stageOf(node.toAppliedPTransform(pipeline), options, stores, graph));
          }
        });
    return graph;
  }

  @SuppressWarnings({"unchecked", "rawtypes", "deprecation"}) // getView: runner-facing API
  private static Stage stageOf(
      AppliedPTransform<?, ?, ?> applied,
      PipelineOptions options,
      StageStores stores,
      StageGraph graph) {
    PTransform<?, ?> transform = applied.getTransform();
    String name = applied.getFullName();
    List<PCollection<?>> inputs = mainInputs(applied);
    Map<TupleTag<?>, PCollection<?>> outputs = (Map) applied.getOutputs();
    if (transform instanceof Impulse) {
      return new ImpulseStage(name, outputs);
    }
    if (transform instanceof TestStream<?> stream) {
      return new TestStreamStage<>(name, outputs, stream);
    }
    if (transform instanceof SplittableParDo.PrimitiveBoundedRead<?> read) {
      return new BoundedReadStage<>(name, outputs, read.getSource(), options);
    }
    if (transform instanceof Window.Assign<?> assign) {
      return new AssignWindowsStage<>(name, inputs, outputs, assign.getWindowFn());
    }
    if (transform instanceof Flatten.PCollections<?>) {
      return new FlattenStage(name, inputs, outputs);
    }
    if (transform instanceof View.CreatePCollectionView<?, ?> createView) {
      return new ViewStage(name, inputs, outputs, createView.getView());
    }
    if (transform instanceof GroupByKey<?, ?>) {
      return new GroupByKeyStage<>(
          name,
          stores.open(graph.size()),
          (PCollection) inputs.get(0),
          outputs,
          options,
          graph.clock());
    }
    if (transform instanceof ParDo.MultiOutput<?, ?> parDo) {
      if (DoFnSignatures.isStateful(parDo.getFn())) {
        return new StatefulParDoStage<>(
            name,
            stores.open(graph.size()),
            (ParDo.MultiOutput) parDo,
            (PCollection) inputs.get(0),
            outputs,
            options,
            graph.clock(),
            graph::viewStageOf);
      }
      return new StatelessParDoStage<>(
          name,
          (AppliedPTransform) applied,
          (PCollection) inputs.get(0),
          outputs,
          options,
          graph::viewStageOf);
    }
    throw new UnsupportedOperationException(
        name + ": WeirRunner cannot run " + transform.getClass().getName());
  }

  private static boolean hasTestStream(Pipeline pipeline) {
    boolean[] found = {false};
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            found[0] |= node.getTransform() instanceof TestStream<?>;
          }
        });
    return found[0];
  }

  private static List<PCollection<?>> mainInputs(AppliedPTransform<?, ?, ?> applied) {
    List<PCollection<?>> inputs = new ArrayList<>();
    // A Flatten may read one collection twice; the map of main inputs keys them by tag.
    for (PValue input : applied.getMainInputs().values()) {
      inputs.add((PCollection<?>) input);
    }
    return inputs;
  }
}
