package dev.weir.functions.conformance;

import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.store.Stores;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.testing.WeirTestDriver;
import java.util.List;
import java.util.function.Supplier;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.joda.time.Instant;

/** Runs a scenario on Weir's engine through the test driver, on the stores given. */
public final class WeirScenarioRunner {
  private WeirScenarioRunner() {}

  static <O> List<String> run(Scenario scenario, DoFnCase<O> dofnCase) {
    return run(scenario, dofnCase, () -> new InMemoryStore().asStores());
  }

  public static <O> List<String> run(
      Scenario scenario, DoFnCase<O> dofnCase, Supplier<Stores> stores) {
    WeirPipeline<String, Event, O> pipeline =
        WeirPipeline.<String, Event, O>builder("conformance")
            .input(
                bytes -> {
                  throw new UnsupportedOperationException("the driver sends values");
                },
                EventCoder.of())
            .key(Event::key, StringUtf8Coder.of())
            .eventTime(Event::eventTime)
            .windowing(dofnCase.windowFn(), dofnCase.allowedLateness())
            .doFn(dofnCase.weirFn().get(), dofnCase.outputCoder())
            .build();
    try (WeirTestDriver<String, Event, O> driver =
        WeirTestDriver.of(pipeline, stores.get(), new Instant(0))) {
      for (Step step : scenario.steps()) {
        if (step instanceof Step.Elements elements) {
          driver.sendAll(elements.events());
        } else if (step instanceof Step.Watermark watermark) {
          driver.advanceWatermarkTo(watermark.watermark());
        } else if (step instanceof Step.ProcessingTime processingTime) {
          driver.advanceProcessingTime(processingTime.by());
        }
      }
      driver.advanceWatermarkToInfinity();
      return driver.outputs().stream().map(o -> canonical(dofnCase, o)).toList();
    }
  }

  private static <O> String canonical(DoFnCase<O> dofnCase, EngineOutput<O> output) {
    return Canonical.of(
        dofnCase.outputCoder(), output.value(), output.timestamp(), output.window());
  }
}
