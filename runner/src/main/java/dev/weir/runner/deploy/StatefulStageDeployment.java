package dev.weir.runner.deploy;

import dev.weir.pipeline.RecordParser;
import dev.weir.pipeline.WeirPipeline;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.WindowingStrategy;

/**
 * Derives what the Lambda functions run from an ordinary Beam {@link Pipeline}: the pipeline's one
 * stateful {@code ParDo} over {@code KV}s, with its DoFn, key and value coders, windowing (the
 * {@code WindowFn} and allowed lateness its input carries) and output coder. Everything upstream of
 * it (the test's {@code TestStream} or {@code Create}, parsing, {@code Window.into}) is replaced by
 * the Kinesis input read through a {@link RecordParser}, which must produce the {@code KV}s the
 * stage reads; everything downstream ({@code PAssert}, a sink) by the output stream. So a pipeline
 * tested on {@code WeirRunner} (or the DirectRunner) is deployed from the same code:
 *
 * <pre>{@code
 * public final class VisitsDeployment implements PipelineProvider {
 *   public WeirPipeline<?, ?, ?> pipeline() {
 *     Pipeline beam = Pipeline.create();
 *     beam.apply(Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
 *         .apply(new CountVisits());                        // the transform the tests run
 *     return StatefulStageDeployment.<String, String, String>of(beam, "visits", VISITS_PARSER)
 *         .watermark(WatermarkPolicy.boundedOutOfOrderness(Duration.standardSeconds(5)))
 *         .build();
 *   }
 * }
 * }</pre>
 *
 * <p>Limits, each refused with a message naming it: one stateful stage per deployment (until
 * multi-stage pipelines exist), over {@code KV}s, without side inputs or additional outputs (the
 * functions write the main output to one stream).
 */
public final class StatefulStageDeployment {
  private StatefulStageDeployment() {}

  /**
   * The stateful stage of {@code pipeline} as a pipeline named {@code name}, reading its {@code
   * KV<K, V>}s from Kinesis records through {@code parser}: a builder, for what only a deployment
   * has (watermark policy, partition keys, future event times).
   *
   * @throws IllegalArgumentException if the pipeline has no stateful stage, several, or one the
   *     functions cannot run
   */
  @SuppressWarnings("unchecked") // the caller names the types the stage reads and outputs
  public static <K, V, OutputT> WeirPipeline.Builder<K, V, OutputT> of(
      Pipeline pipeline, String name, RecordParser<K, V> parser) {
    StatefulParDo stage = theStatefulParDo(pipeline);
    ParDo.MultiOutput<?, ?> parDo = stage.parDo();
    String where = "pipeline " + name + ": the stateful ParDo " + stage.fullName();
    if (!parDo.getSideInputs().isEmpty()) {
      throw new IllegalArgumentException(
          where + " reads side inputs, which the Lambda functions cannot provide");
    }
    if (!parDo.getAdditionalOutputTags().getAll().isEmpty()) {
      throw new IllegalArgumentException(
          where
              + " has additional outputs; the functions write one output stream, so deploy a"
              + " ParDo with its main output only");
    }
    if (!(stage.input().getCoder() instanceof KvCoder<?, ?> kvCoder)) {
      throw new IllegalArgumentException(
          where + " reads " + stage.input().getCoder() + ", not KVs: state is kept per key");
    }
    WindowingStrategy<?, ?> windowing = stage.input().getWindowingStrategy();
    PCollection<?> output = stage.output();
    return WeirPipeline.<K, V, OutputT>builder(name)
        .records(parser, (Coder<K>) kvCoder.getKeyCoder(), (Coder<V>) kvCoder.getValueCoder())
        .windowing(windowing.getWindowFn(), windowing.getAllowedLateness())
        .doFn(
            (DoFn<KV<K, V>, OutputT>) SerializableUtils.clone(parDo.getFn()),
            (Coder<OutputT>) output.getCoder());
  }

  private record StatefulParDo(
      String fullName,
      ParDo.MultiOutput<?, ?> parDo,
      PCollection<?> input,
      PCollection<?> output) {}

  private static StatefulParDo theStatefulParDo(Pipeline pipeline) {
    List<StatefulParDo> found = new ArrayList<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            PTransform<?, ?> transform = node.getTransform();
            if (transform instanceof ParDo.MultiOutput<?, ?> parDo
                && DoFnSignatures.isStateful(parDo.getFn())) {
              found.add(
                  new StatefulParDo(
                      node.getFullName(),
                      parDo,
                      mainInput(node.toAppliedPTransform(pipeline)),
                      (PCollection<?>) node.getOutputs().get(parDo.getMainOutputTag())));
            }
          }
        });
    if (found.size() != 1) {
      throw new IllegalArgumentException(
          found.isEmpty()
              ? "the pipeline has no stateful ParDo (a DoFn with @StateId or @TimerId) to deploy"
              : "a deployment runs one stateful ParDo until multi-stage pipelines exist; this"
                  + " pipeline has "
                  + found.size()
                  + ": "
                  + found.stream().map(StatefulParDo::fullName).toList());
    }
    return found.get(0);
  }

  private static PCollection<?> mainInput(AppliedPTransform<?, ?, ?> applied) {
    return (PCollection<?>) applied.getMainInputs().values().iterator().next();
  }
}
