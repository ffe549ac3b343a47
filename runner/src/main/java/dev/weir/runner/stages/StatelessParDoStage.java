package dev.weir.runner.stages;

import dev.weir.runner.graph.Emitter;
import dev.weir.runner.graph.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.core.DoFnRunner;
import org.apache.beam.runners.core.DoFnRunners;
import org.apache.beam.runners.core.NullSideInputReader;
import org.apache.beam.runners.core.StateInternals;
import org.apache.beam.runners.core.StepContext;
import org.apache.beam.runners.core.TimerInternals;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.reflect.DoFnInvokers;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.util.construction.ParDoTranslation;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;

/**
 * A {@code ParDo} without state or timers, on Beam's {@code SimpleDoFnRunner}: each batch of
 * elements is one bundle. The DoFn is a serialized copy of the pipeline's, set up once, as a
 * distributed runner would have it.
 */
public final class StatelessParDoStage<InputT, OutputT> extends Stage {
  private final DoFn<InputT, OutputT> fn;
  private final DoFnRunner<InputT, OutputT> runner;
  private Emitter emitter;

  public StatelessParDoStage(
      String name,
      AppliedPTransform<PCollection<InputT>, PCollectionTuple, ParDo.MultiOutput<InputT, OutputT>>
          applied,
      PCollection<InputT> input,
      Map<TupleTag<?>, PCollection<?>> outputs,
      PipelineOptions options) {
    super(name, List.of(input), outputs);
    ParDo.MultiOutput<InputT, OutputT> parDo = applied.getTransform();
    if (!parDo.getSideInputs().isEmpty()) {
      throw new UnsupportedOperationException(
          name + ": side inputs are not supported by WeirRunner yet");
    }
    this.fn = SerializableUtils.clone(parDo.getFn());
    Map<TupleTag<?>, Coder<?>> outputCoders = new HashMap<>();
    outputs.forEach((tag, collection) -> outputCoders.put(tag, collection.getCoder()));
    List<TupleTag<?>> additional = new ArrayList<>(parDo.getAdditionalOutputTags().getAll());
    DoFnInvokers.tryInvokeSetupFor(fn, options);
    this.runner =
        DoFnRunners.simpleRunner(
            options,
            fn,
            NullSideInputReader.empty(),
            new org.apache.beam.sdk.util.WindowedValueMultiReceiver() {
              @Override
              public <T> void output(TupleTag<T> tag, WindowedValue<T> output) {
                emitter.emit(tag, output);
              }
            },
            parDo.getMainOutputTag(),
            additional,
            new NoStateStepContext(name),
            input.getCoder(),
            outputCoders,
            input.getWindowingStrategy(),
            ParDoTranslation.getSchemaInformation(applied),
            ParDoTranslation.getSideInputMapping(applied));
  }

  @Override
  @SuppressWarnings("unchecked")
  public void process(List<WindowedValue<?>> elements, Emitter out) {
    emitter = out;
    try {
      runner.startBundle();
      for (WindowedValue<?> element : elements) {
        runner.processElement((WindowedValue<InputT>) element);
      }
      runner.finishBundle();
    } finally {
      emitter = null;
    }
  }

  @Override
  public void tearDown() {
    DoFnInvokers.invokerFor(fn).invokeTeardown();
  }

  /** A stateless DoFn asking for state or timers is a bug in the translation: say so. */
  private record NoStateStepContext(String stage) implements StepContext {
    @Override
    public StateInternals stateInternals() {
      throw new UnsupportedOperationException(stage + " has no state");
    }

    @Override
    public TimerInternals timerInternals() {
      throw new UnsupportedOperationException(stage + " has no timers");
    }
  }
}
