package dev.weir.beam;

import dev.weir.pipeline.SideInputs;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.state.KeyWorkspace;
import dev.weir.timer.TimerRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.core.DoFnRunner;
import org.apache.beam.runners.core.DoFnRunners;
import org.apache.beam.runners.core.LateDataUtils;
import org.apache.beam.runners.core.NullSideInputReader;
import org.apache.beam.runners.core.SideInputReader;
import org.apache.beam.runners.core.StateInternals;
import org.apache.beam.runners.core.StateTags;
import org.apache.beam.runners.core.StatefulDoFnRunner;
import org.apache.beam.runners.core.StepContext;
import org.apache.beam.runners.core.TimerInternals;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.state.State;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.DoFnSchemaInformation;
import org.apache.beam.sdk.transforms.reflect.DoFnInvokers;
import org.apache.beam.sdk.transforms.reflect.DoFnSignature;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.util.WindowedValueMultiReceiver;
import org.apache.beam.sdk.values.CausedByDrain;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.joda.time.Instant;

/**
 * Runs one pipeline's DoFn on Beam's own runner chain ({@code StatefulDoFnRunner} over {@code
 * SimpleDoFnRunner}), which gives Beam's exact semantics: late-data dropping, window garbage
 * collection, {@code @OnWindowExpiration}, timer validation and output timestamps.
 *
 * <p>Build it once per DoFn and container: constructing the chain generates bytecode. Then, per
 * key, {@link #enterKey} binds state and timers to that key's workspace and clocks.
 */
public final class DoFnHost<K, V, OutputT> implements AutoCloseable {
  private final WeirPipeline<K, V, OutputT> pipeline;
  private final KeyContext context = new KeyContext();
  private final Namespaces namespaces;
  private final WindowingStrategy<?, ?> windowingStrategy;
  private final MergingWindows mergingWindows; // null unless windows merge (sessions)
  private final DoFnRunner<KV<K, V>, OutputT> runner;
  private final TupleTag<OutputT> mainOutput;
  private OutputListener<OutputT> listener;

  public DoFnHost(WeirPipeline<K, V, OutputT> pipeline) {
    this.pipeline = pipeline;
    this.namespaces = new Namespaces(pipeline.windowCoder());
    WindowingStrategy<?, ?> declared = pipeline.windowingStrategy();
    if (declared.getWindowFn().isNonMerging()) {
      this.windowingStrategy = declared;
      this.mergingWindows = null;
    } else {
      this.windowingStrategy =
          declared.withWindowFn(new AlreadyMergedWindows(declared.getWindowFn()));
      this.mergingWindows =
          new MergingWindows(
              declared.getWindowFn(),
              namespaces,
              DoFnSignatures.getSignature(pipeline.doFn().getClass()).stateDeclarations().keySet());
      context.redirectState(mergingWindows);
    }
    DoFn<KV<K, V>, OutputT> fn = pipeline.doFn();
    StateSpecCoders.finish(fn, pipeline.inputCoder());
    WeirStateInternals stateInternals = new WeirStateInternals(context, namespaces);
    WeirTimerInternals timerInternals = new WeirTimerInternals(context, namespaces);
    StepContext step =
        new StepContext() {
          @Override
          public StateInternals stateInternals() {
            return stateInternals;
          }

          @Override
          public TimerInternals timerInternals() {
            return timerInternals;
          }
        };
    this.mainOutput = pipeline.mainOutputTag();
    Map<TupleTag<?>, Coder<?>> outputCoders = new HashMap<>(pipeline.additionalOutputs());
    outputCoders.put(mainOutput, pipeline.outputCoder());
    DoFnRunner<KV<K, V>, OutputT> simple =
        DoFnRunners.simpleRunner(
            pipeline.pipelineOptions(), // null in the functions: see WeirPipeline
            fn,
            sideInputReader(pipeline.sideInputs()),
            new Receiver(),
            mainOutput,
            List.copyOf(pipeline.additionalOutputs().keySet()),
            step,
            pipeline.inputCoder(),
            outputCoders,
            windowingStrategy,
            DoFnSchemaInformation.create(),
            Map.of());
    this.runner =
        DoFnRunners.defaultStatefulDoFnRunner(
            fn,
            pipeline.inputCoder(),
            simple,
            step,
            windowingStrategy,
            new StatefulDoFnRunner.TimeInternalsCleanupTimer<>(timerInternals, windowingStrategy),
            new ExpiringStateCleaner(
                new StatefulDoFnRunner.StateInternalsStateCleaner<>(
                    fn, stateInternals, pipeline.windowCoder()),
                context,
                namespaces,
                mergingWindows),
            true);
    DoFnInvokers.tryInvokeSetupFor(fn, pipeline.pipelineOptions());
  }

  /** Beam's reader over what the pipeline provides; none in the Lambda functions. */
  private static SideInputReader sideInputReader(SideInputs sideInputs) {
    if (sideInputs == null) {
      return NullSideInputReader.empty();
    }
    return new SideInputReader() {
      @Override
      public <T> T get(PCollectionView<T> view, BoundedWindow window) {
        return sideInputs.get(view, window);
      }

      @Override
      public <T> boolean contains(PCollectionView<T> view) {
        return sideInputs.views().contains(view);
      }

      @Override
      public boolean isEmpty() {
        return sideInputs.views().isEmpty();
      }
    };
  }

  public WeirPipeline<K, V, OutputT> pipeline() {
    return pipeline;
  }

  /** Starts a bundle; every output until {@link #finishBundle} goes to {@code listener}. */
  public void startBundle(OutputListener<OutputT> listener) {
    this.listener = listener;
    runner.startBundle();
  }

  public void finishBundle() {
    runner.finishBundle();
    listener = null;
  }

  /** True if the DoFn outputs from {@code @FinishBundle}, i.e. outside any element or timer. */
  public boolean outputsAtFinishBundle() {
    return DoFnSignatures.getSignature(pipeline.doFn().getClass()).finishBundle() != null;
  }

  /** Binds state and timers to {@code key}'s workspace and the given clocks. */
  public void enterKey(
      K key, KeyWorkspace workspace, Instant processingTime, Instant inputWatermark) {
    context.enter(key, workspace, processingTime, inputWatermark);
  }

  /** Moves the clocks of the current key, e.g. to the watermark a sweep fires timers at. */
  public void advanceClocks(Instant processingTime, Instant inputWatermark) {
    context.advance(processingTime, inputWatermark);
  }

  public void exitKey() {
    context.exit();
  }

  /**
   * True if an element in {@code window} is late at {@code watermark} and Beam would drop it: the
   * window's garbage-collection time has passed.
   */
  public boolean isExpired(BoundedWindow window, Instant watermark) {
    return LateDataUtils.garbageCollectionTime(window, windowingStrategy).isBefore(watermark);
  }

  /** True if the window {@code namespace} names has expired at the current key's watermark. */
  public boolean isExpired(String namespace) {
    return isExpired(namespaces.windowOf(namespace), context.inputWatermark());
  }

  /** Runs {@code @ProcessElement} for one value of the current key in one window. */
  @SuppressWarnings("unchecked")
  public void processElement(V value, Instant timestamp, BoundedWindow window) {
    K key = (K) context.key();
    BoundedWindow merged =
        mergingWindows == null
            ? window
            : mergingWindows.add(
                context.workspace(),
                window,
                (namespace, stateId) -> cellIn(context.workspace(), key, namespace, stateId),
                this::isWindowCleanup);
    runner.processElement(
        WindowedValues.of(KV.of(key, value), timestamp, merged, PaneInfo.NO_FIRING));
  }

  /** Fires one timer of the current key; the engine has already removed it from the workspace. */
  public void fireTimer(TimerRecord timer) {
    runner.onTimer(
        timer.key().timerId(),
        timer.key().familyId(),
        context.key(),
        namespaces.windowOf(timer.key().namespace()),
        new Instant(timer.fireAtMillis()),
        new Instant(timer.outputAtMillis()),
        WeirTimerInternals.beamDomainOf(timer.domain()),
        CausedByDrain.NORMAL);
  }

  /** True if {@code timer} is Beam's garbage collection of its window's state. */
  public boolean isWindowCleanup(TimerRecord timer) {
    return timer.key().timerId().endsWith(StatefulDoFnRunner.TimeInternalsCleanupTimer.GC_TIMER_ID);
  }

  /** The namespace string the store files a window's state and timers under. */
  public String namespaceOf(BoundedWindow window) {
    return namespaces.stringOf(window);
  }

  /**
   * The windows of a key whose stored namespaces are {@code namespaces}: one per namespace, or with
   * session windows the key's sessions (a merged session's cells lie under the namespace of the
   * session that started it, and the key keeps its sessions in a namespace of its own).
   */
  public List<BoundedWindow> windowsOf(KeyWorkspace workspace, Collection<String> namespaces) {
    if (mergingWindows != null) {
      return mergingWindows.windows(workspace);
    }
    return namespaces.stream().map(this::windowOf).toList();
  }

  /** The window a namespace string names. */
  public BoundedWindow windowOf(String namespace) {
    return namespaces.windowOf(namespace);
  }

  /**
   * The user state {@code stateId} of {@code key} in {@code window}, read through {@code
   * workspace}; for inspecting state outside of processing.
   */
  @SuppressWarnings("unchecked")
  public <S extends State> S userState(
      KeyWorkspace workspace, K key, BoundedWindow window, String stateId) {
    KeyContext.StateRedirect redirect =
        mergingWindows == null ? KeyContext.StateRedirect.NONE : mergingWindows;
    return (S)
        WeirStateInternals.over(workspace, key, pipeline.windowCoder(), redirect)
            .state(
                org.apache.beam.runners.core.StateNamespaces.window(pipeline.windowCoder(), window),
                StateTags.tagForSpec(stateId, specOf(stateId)));
  }

  /** The user state {@code stateId} of {@code key} filed under {@code namespace}, as it is. */
  private State cellIn(KeyWorkspace workspace, K key, String namespace, String stateId) {
    return WeirStateInternals.over(
            workspace, key, pipeline.windowCoder(), (ignored, window) -> namespace)
        .state(
            org.apache.beam.runners.core.StateNamespaces.global(),
            StateTags.tagForSpec(stateId, specOf(stateId)));
  }

  @SuppressWarnings("unchecked")
  private <S extends State> StateSpec<S> specOf(String stateId) {
    DoFnSignature signature = DoFnSignatures.getSignature(pipeline.doFn().getClass());
    DoFnSignature.StateDeclaration declaration = signature.stateDeclarations().get(stateId);
    if (declaration == null) {
      throw new IllegalArgumentException(
          "the DoFn declares no @StateId(\""
              + stateId
              + "\"); it has "
              + signature.stateDeclarations().keySet());
    }
    try {
      return (StateSpec<S>) declaration.field().get(pipeline.doFn());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    DoFnInvokers.invokerFor(pipeline.doFn()).invokeTeardown();
  }

  private final class Receiver implements WindowedValueMultiReceiver {
    @Override
    @SuppressWarnings("unchecked")
    public <T> void output(TupleTag<T> tag, WindowedValue<T> output) {
      if (listener == null) {
        throw new IllegalStateException("the DoFn emitted " + output + " outside of a bundle");
      }
      boolean main = tag.equals(mainOutput);
      for (BoundedWindow window : output.getWindows()) {
        if (main) {
          listener.output((OutputT) output.getValue(), output.getTimestamp(), window);
        } else {
          listener.additionalOutput(tag, output.getValue(), output.getTimestamp(), window);
        }
      }
    }
  }
}
