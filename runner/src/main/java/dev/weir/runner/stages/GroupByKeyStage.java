package dev.weir.runner.stages;

import dev.weir.beam.WeirStateInternals;
import dev.weir.runner.core.Emitter;
import dev.weir.runner.core.RunnerClock;
import dev.weir.runner.core.Stage;
import dev.weir.runner.core.StageStore;
import dev.weir.state.KeyIds;
import dev.weir.state.KeyWorkspace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.runners.core.InMemoryTimerInternals;
import org.apache.beam.runners.core.LateDataDroppingDoFnRunner;
import org.apache.beam.runners.core.LateDataUtils;
import org.apache.beam.runners.core.NullSideInputReader;
import org.apache.beam.runners.core.ReduceFnRunner;
import org.apache.beam.runners.core.SystemReduceFn;
import org.apache.beam.runners.core.TimerInternals.TimerData;
import org.apache.beam.runners.core.metrics.CounterCell;
import org.apache.beam.runners.core.triggers.ExecutableTriggerStateMachine;
import org.apache.beam.runners.core.triggers.TriggerStateMachines;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.construction.TriggerTranslation;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.joda.time.Instant;

/**
 * {@code GroupByKey} on Beam's own {@code ReduceFnRunner}: windows, triggers, allowed lateness,
 * pane info and timestamp combiners exactly as Beam defines them, per key, with the input's
 * windowing strategy. Elements of expired windows are dropped as Beam drops them.
 *
 * <p>Weir's store groups: each key's buffered values, trigger state and watermark holds are Weir
 * state cells ({@code WeirStateInternals} over the key's workspace), committed to the stage's
 * stores, in memory or DynamoDB, once per key and batch of elements or timers. The trigger timers
 * of a key stay in this process (runners-core's timer internals), as the run does.
 */
public final class GroupByKeyStage<K, V> extends Stage {
  private final WindowingStrategy<?, BoundedWindow> strategy;
  private final Coder<K> keyCoder;
  private final SystemReduceFn<K, V, Iterable<V>, Iterable<V>, BoundedWindow> reduceFn;
  private final ExecutableTriggerStateMachine trigger;
  private final PipelineOptions options;
  private final TupleTag<?> output;
  private final CounterCell droppedLate =
      new CounterCell(
          MetricName.named(
              LateDataDroppingDoFnRunner.class,
              LateDataDroppingDoFnRunner.DROPPED_DUE_TO_LATENESS));
  private final Map<ByteBuffer, KeyGroup<K>> keys = new LinkedHashMap<>();
  private final RunnerClock clock;
  private final StageStore store;
  private final KeyIds<K> keyIds;
  private final Coder<? extends BoundedWindow> windowCoder;

  /** One key, and its timers. */
  private record KeyGroup<K>(K key, String keyId, InMemoryTimerInternals timers) {}

  @SuppressWarnings("unchecked")
  public GroupByKeyStage(
      String name,
      StageStore store,
      PCollection<KV<K, V>> input,
      Map<TupleTag<?>, PCollection<?>> outputs,
      PipelineOptions options,
      RunnerClock clock) {
    super(name, List.of(input), outputs);
    this.clock = clock;
    this.store = store;
    this.strategy = (WindowingStrategy<?, BoundedWindow>) input.getWindowingStrategy();
    KvCoder<K, V> coder = (KvCoder<K, V>) input.getCoder();
    this.keyCoder = coder.getKeyCoder();
    this.keyIds = new KeyIds<>(keyCoder);
    this.windowCoder = strategy.getWindowFn().windowCoder();
    this.reduceFn = SystemReduceFn.buffering(coder.getValueCoder());
    // The state machine keeps its state in each key's state internals, so one serves every key.
    this.trigger =
        ExecutableTriggerStateMachine.create(
            TriggerStateMachines.stateMachineForTrigger(
                TriggerTranslation.toProto(strategy.getTrigger())));
    this.options = options;
    this.output = outputs.keySet().iterator().next();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void process(List<WindowedValue<?>> elements, Emitter out) throws Exception {
    Map<ByteBuffer, List<WindowedValue<V>>> byKey = new LinkedHashMap<>();
    for (WindowedValue<?> element : elements) {
      KV<K, V> kv = (KV<K, V>) element.getValue();
      ByteBuffer id = ByteBuffer.wrap(CoderUtils.encodeToByteArray(keyCoder, kv.getKey()));
      keys.computeIfAbsent(id, k -> newGroup(kv.getKey()));
      byKey.computeIfAbsent(id, k -> new ArrayList<>()).add(element.withValue(kv.getValue()));
    }
    for (Map.Entry<ByteBuffer, List<WindowedValue<V>>> entry : byKey.entrySet()) {
      KeyGroup<K> group = keys.get(entry.getKey());
      group.timers().advanceOutputWatermark(outputWatermark());
      KeyWorkspace workspace = KeyWorkspace.open(store.stores().state(), group.keyId());
      ReduceFnRunner<K, V, Iterable<V>, BoundedWindow> runner = runner(group, workspace, out);
      runner.processElements(
          LateDataUtils.dropExpiredWindows(
              group.key(), entry.getValue(), group.timers(), strategy, droppedLate));
      runner.persist();
      workspace.commit();
    }
  }

  @Override
  public void onInputWatermark(Instant watermark, Emitter out) throws Exception {
    for (KeyGroup<K> group : keys.values()) {
      group.timers().advanceInputWatermark(watermark);
    }
    fireDue(out, InMemoryTimerInternals::removeNextEventTimer);
  }

  @Override
  public void onProcessingTime(Instant now, Emitter out) throws Exception {
    for (KeyGroup<K> group : keys.values()) {
      group.timers().advanceProcessingTime(now);
    }
    fireDue(out, InMemoryTimerInternals::removeNextProcessingTimer);
  }

  /**
   * Fires, key by key, the timers {@code next} removes while any is due; a key with none due is
   * left alone (no runner built). Firing may set timers already due (a late pane's cleanup).
   */
  private void fireDue(Emitter out, Function<InMemoryTimerInternals, TimerData> next)
      throws Exception {
    for (KeyGroup<K> group : new ArrayList<>(keys.values())) {
      List<TimerData> due = removeDue(group, next);
      if (due.isEmpty()) {
        continue;
      }
      group.timers().advanceOutputWatermark(outputWatermark());
      KeyWorkspace workspace = KeyWorkspace.open(store.stores().state(), group.keyId());
      ReduceFnRunner<K, V, Iterable<V>, BoundedWindow> runner = runner(group, workspace, out);
      for (; !due.isEmpty(); due = removeDue(group, next)) {
        runner.onTimers(due);
      }
      runner.persist();
      workspace.commit();
    }
  }

  private static List<TimerData> removeDue(
      KeyGroup<?> group, Function<InMemoryTimerInternals, TimerData> next) {
    List<TimerData> due = new ArrayList<>();
    for (TimerData timer = next.apply(group.timers());
        timer != null;
        timer = next.apply(group.timers())) {
      due.add(timer);
    }
    return due;
  }

  private KeyGroup<K> newGroup(K key) {
    InMemoryTimerInternals timers = new InMemoryTimerInternals();
    try {
      if (inputWatermark().isAfter(BoundedWindow.TIMESTAMP_MIN_VALUE)) {
        timers.advanceInputWatermark(inputWatermark());
      }
      timers.advanceProcessingTime(clock.now());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new KeyGroup<>(key, keyIds.idOf(key), timers);
  }

  private ReduceFnRunner<K, V, Iterable<V>, BoundedWindow> runner(
      KeyGroup<K> group, KeyWorkspace workspace, Emitter out) {
    return new ReduceFnRunner<>(
        group.key(),
        strategy,
        trigger,
        WeirStateInternals.over(workspace, group.key(), windowCoder),
        group.timers(),
        pane -> out.emit(output, pane),
        NullSideInputReader.empty(),
        reduceFn,
        options);
  }
}
