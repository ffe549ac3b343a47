package dev.weir.functions.conformance;

import dev.weir.functions.examples.batchedrpc.Event;
import java.util.List;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;

/**
 * Runs a scenario on Beam's DirectRunner with {@code TestStream} and asserts with {@code PAssert}
 * that its outputs are exactly the expected ones (in any order).
 */
public final class DirectRunnerOracle {
  private static final PipelineOptions OPTIONS = options();

  private DirectRunnerOracle() {}

  private static PipelineOptions options() {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    return options;
  }

  static TestStream<KV<String, Event>> testStream(Scenario scenario) {
    TestStream.Builder<KV<String, Event>> stream = TestStream.create(DoFnCase.INPUT_CODER);
    for (Step step : scenario.steps()) {
      if (step instanceof Step.Elements elements) {
        @SuppressWarnings("unchecked")
        TimestampedValue<KV<String, Event>>[] values =
            elements.events().stream()
                .map(e -> TimestampedValue.of(KV.of(e.key(), e), e.eventTime()))
                .toArray(TimestampedValue[]::new);
        stream =
            stream.addElements(values[0], java.util.Arrays.copyOfRange(values, 1, values.length));
      } else if (step instanceof Step.Watermark watermark) {
        stream = stream.advanceWatermarkTo(watermark.watermark());
      } else if (step instanceof Step.ProcessingTime processingTime) {
        stream = stream.advanceProcessingTime(processingTime.by());
      }
    }
    return stream.advanceWatermarkToInfinity();
  }

  /** Throws an {@link AssertionError} unless the DirectRunner's outputs equal {@code expected}. */
  public static <O> void assertOutputs(
      Scenario scenario, DoFnCase<O> dofnCase, List<String> expected) {
    Pipeline pipeline = Pipeline.create(OPTIONS);
    PCollection<String> outputs =
        pipeline
            .apply(testStream(scenario))
            .apply(
                Window.<KV<String, Event>>into(dofnCase.windowFn())
                    .withAllowedLateness(dofnCase.allowedLateness())
                    .discardingFiredPanes())
            .apply(dofnCase.beamTransform().get())
            .setCoder(dofnCase.outputCoder())
            .apply(ParDo.of(new Canonical.Fn<>(dofnCase.outputCoder())));
    PAssert.that(outputs).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }
}
