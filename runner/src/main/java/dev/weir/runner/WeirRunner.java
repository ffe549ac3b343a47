package dev.weir.runner;

import dev.weir.runner.backend.DynamoDbStageStores;
import dev.weir.runner.backend.InMemoryStageStores;
import dev.weir.runner.core.StageStores;
import dev.weir.runner.graph.Driver;
import dev.weir.runner.graph.GraphTranslator;
import dev.weir.runner.graph.StageGraph;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.UserCodeException;
import org.apache.beam.sdk.util.construction.SplittableParDo;

/**
 * Runs a Beam pipeline to completion in this process ({@code --runner=WeirRunner}). {@link #run}
 * returns once every stage's watermark reached the end of time, and throws what the pipeline threw:
 * a user's exception as the cause of a {@link Pipeline.PipelineExecutionException}, so that Beam's
 * {@code TestPipeline} turns a failed {@code PAssert} back into its {@link AssertionError}.
 */
public final class WeirRunner extends PipelineRunner<WeirPipelineResult> {
  private final PipelineOptions options;

  private WeirRunner(PipelineOptions options) {
    this.options = options;
  }

  /** What Beam calls to make the runner {@code --runner} names. */
  public static WeirRunner fromOptions(PipelineOptions options) {
    return new WeirRunner(options);
  }

  @Override
  public WeirPipelineResult run(Pipeline pipeline) {
    // Create.of(two or more elements) is a Read of a splittable source: read it as a primitive.
    SplittableParDo.convertReadBasedSplittableDoFnsToPrimitiveReadsIfNecessary(pipeline);
    try (StageStores stores = stageStores(options.as(WeirRunnerOptions.class))) {
      run(GraphTranslator.translate(pipeline, options, stores));
    }
    return new WeirPipelineResult();
  }

  private static StageStores stageStores(WeirRunnerOptions options) {
    return switch (options.getWeirStateBackend()) {
      case MEMORY -> new InMemoryStageStores();
      case DYNAMODB ->
          new DynamoDbStageStores(
              options.getWeirDynamoDbEndpoint(),
              options.getWeirAwsRegion(),
              options.getWeirDynamoDbTable());
    };
  }

  private static void run(StageGraph graph) {
    try {
      new Driver(graph).run();
    } catch (UserCodeException e) {
      throw new Pipeline.PipelineExecutionException(e.getCause());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception | Error e) {
      throw new Pipeline.PipelineExecutionException(e);
    } finally {
      graph.tearDown();
    }
  }

  @Override
  public String toString() {
    return "WeirRunner";
  }
}
