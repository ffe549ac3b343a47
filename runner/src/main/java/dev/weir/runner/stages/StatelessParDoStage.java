package dev.weir.runner.stages;

import dev.weir.runner.core.Emitter;
import dev.weir.runner.core.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.runners.core.DoFnRunner;
import org.apache.beam.runners.core.DoFnRunners;
import org.apache.beam.runners.core.PushbackSideInputDoFnRunner;
import org.apache.beam.runners.core.SimplePushbackSideInputDoFnRunner;
import org.apache.beam.runners.core.StateInternals;
import org.apache.beam.runners.core.StepContext;
import org.apache.beam.runners.core.TimerInternals;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.reflect.DoFnInvokers;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.util.construction.ParDoTranslation;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.joda.time.Instant;

/**
 * A {@code ParDo} without state or timers, on Beam's {@code SimpleDoFnRunner}: each batch of
 * elements is one bundle. An element whose side inputs are not complete yet in the windows it reads
 * waits (holding the output watermark at its timestamp) until they are. The DoFn is a serialized
 * copy of the pipeline's, set up once, as a distributed runner would have it.
 */
public final class StatelessParDoStage<InputT, OutputT> extends Stage {
  private final DoFn<InputT, OutputT> fn;
  private final CompleteSideInputs sideInputs;
  private final PushbackSideInputDoFnRunner<InputT, OutputT> runner;
  private Emitter emitter;

  public StatelessParDoStage(
      String name,
      AppliedPTransform<PCollection<InputT>, PCollectionTuple, ParDo.MultiOutput<InputT, OutputT>>
          applied,
      PCollection<InputT> input,
      Map<TupleTag<?>, PCollection<?>> outputs,
      PipelineOptions options,
      Function<PCollectionView<?>, ViewStage> viewStages) {
    super(name, List.of(input), outputs);
    ParDo.MultiOutput<InputT, OutputT> parDo = applied.getTransform();
    this.sideInputs =
        new CompleteSideInputs(List.copyOf(parDo.getSideInputs().values()), viewStages);
    this.fn = SerializableUtils.clone(parDo.getFn());
    Map<TupleTag<?>, Coder<?>> outputCoders = new HashMap<>();
    outputs.forEach((tag, collection) -> outputCoders.put(tag, collection.getCoder()));
    List<TupleTag<?>> additional = new ArrayList<>(parDo.getAdditionalOutputTags().getAll());
    DoFnInvokers.tryInvokeSetupFor(fn, options);
    DoFnRunner<InputT, OutputT> simple =
        DoFnRunners.simpleRunner(
            options,
            fn,
            sideInputs.handler(),
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
    this.runner =
        SimplePushbackSideInputDoFnRunner.create(simple, sideInputs.views(), sideInputs.handler());
  }

  @Override
  @SuppressWarnings("unchecked")
  public void process(List<WindowedValue<?>> elements, Emitter out) {
    List<WindowedValue<InputT>> batch = new ArrayList<>(elements.size());
    elements.forEach(element -> batch.add((WindowedValue<InputT>) element));
    run(batch, out);
  }

  /** Elements whose side inputs were not ready: processed once they are. */
  @Override
  public boolean retryWaiting(Emitter out) {
    return sideInputs.retry(retried -> process(retried, out));
  }

  /** Elements waiting for side inputs hold the output at their timestamps. */
  @Override
  public Instant hold() {
    long earliest = sideInputs.earliestHeldBackMillis();
    return earliest == Long.MAX_VALUE ? BoundedWindow.TIMESTAMP_MAX_VALUE : new Instant(earliest);
  }

  private void run(List<WindowedValue<InputT>> elements, Emitter out) {
    emitter = out;
    try {
      runner.startBundle();
      for (WindowedValue<InputT> element : elements) {
        sideInputs.offer(element);
        runner.processElementInReadyWindows(element).forEach(sideInputs::holdBack);
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
