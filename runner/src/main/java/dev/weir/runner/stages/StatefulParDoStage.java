package dev.weir.runner.stages;

import dev.weir.engine.DecodedRecord;
import dev.weir.engine.InputRecord;
import dev.weir.engine.WeirEngine;
import dev.weir.pipeline.SideInputs;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.runner.core.Emitter;
import dev.weir.runner.core.RunnerClock;
import dev.weir.runner.core.Stage;
import dev.weir.runner.core.StageStore;
import dev.weir.sink.EngineOutput;
import dev.weir.store.Stores;
import dev.weir.timer.TimerDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.joda.time.Instant;

/**
 * A stateful {@code ParDo} run by Weir's engine, the code path the Lambda functions run: elements
 * go in as one shard's bundles (keyed, each key committed once per bundle, replays skipped by
 * sequence number), event-time timers fire when the stage's input watermark moves, as a sweep fires
 * them deployed. State and timers live in the stage's own stores: in memory, or in DynamoDB.
 */
public final class StatefulParDoStage<K, V, OutputT> extends Stage {
  private static final String SHARD = "runner";

  private final StageStore store;
  private final CommittedTimerHolds timerHolds;
  private final WeirPipeline<K, V, OutputT> pipeline;
  private final WeirEngine<K, V, OutputT> engine;
  private final TupleTag<OutputT> mainOutput;
  private final RunnerClock clock;
  private final CompleteSideInputs sideInputs;
  private long sequence;
  private Emitter emitter;

  @SuppressWarnings("unchecked")
  public StatefulParDoStage(
      String name,
      StageStore store,
      ParDo.MultiOutput<KV<K, V>, OutputT> parDo,
      PCollection<KV<K, V>> input,
      Map<TupleTag<?>, PCollection<?>> outputs,
      PipelineOptions options,
      RunnerClock clock,
      Function<PCollectionView<?>, ViewStage> viewStages) {
    super(name, List.of(input), outputs);
    this.store = store;
    this.timerHolds = new CommittedTimerHolds(store.stores().state());
    this.clock = clock;
    this.sideInputs =
        new CompleteSideInputs(List.copyOf(parDo.getSideInputs().values()), viewStages);
    this.mainOutput = parDo.getMainOutputTag();
    KvCoder<K, V> coder = (KvCoder<K, V>) input.getCoder();
    WindowingStrategy<?, ?> strategy = input.getWindowingStrategy();
    DoFn<KV<K, V>, OutputT> fn = SerializableUtils.clone(parDo.getFn());
    WeirPipeline.Builder<K, V, OutputT> builder =
        WeirPipeline.<K, V, OutputT>builder(store.pipelineName())
            .records(
                record -> {
                  throw new IllegalStateException("the runner hands elements over decoded");
                },
                coder.getKeyCoder(),
                coder.getValueCoder())
            .windowing(strategy.getWindowFn(), strategy.getAllowedLateness())
            .doFn(fn, (Coder<OutputT>) outputs.get(mainOutput).getCoder())
            .outputTags(mainOutput, additionalOutputCoders(outputs, mainOutput))
            .pipelineOptions(options);
    if (!sideInputs.views().isEmpty()) {
      builder.sideInputs(
          new SideInputs() {
            @Override
            public Collection<PCollectionView<?>> views() {
              return sideInputs.views();
            }

            @Override
            public <T> T get(PCollectionView<T> view, BoundedWindow window) {
              return sideInputs.handler().get(view, window);
            }
          });
    }
    this.pipeline = builder.build();
    Stores stores = store.stores();
    this.engine =
        new WeirEngine<>(
            pipeline,
            new Stores(
                timerHolds, stores.timers(), stores.shards(), stores.attempts(), stores.usage()),
            this::emit);
  }

  private static Map<TupleTag<?>, Coder<?>> additionalOutputCoders(
      Map<TupleTag<?>, PCollection<?>> outputs, TupleTag<?> mainOutput) {
    Map<TupleTag<?>, Coder<?>> coders = new HashMap<>();
    outputs.forEach(
        (tag, collection) -> {
          if (!tag.equals(mainOutput)) {
            coders.put(tag, collection.getCoder());
          }
        });
    return coders;
  }

  @Override
  public void process(List<WindowedValue<?>> elements, Emitter out) {
    List<WindowedValue<?>> ready = new ArrayList<>(elements.size());
    for (WindowedValue<?> element : elements) {
      if (sideInputs.offer(element)) {
        ready.add(element);
      } else {
        sideInputs.holdBack(element);
      }
    }
    if (!ready.isEmpty()) {
      run(ready, out);
    }
  }

  /** Elements whose side inputs were not complete: handed to the engine once they are. */
  @Override
  public boolean retryWaiting(Emitter out) {
    return sideInputs.retry(retried -> process(retried, out));
  }

  @SuppressWarnings("unchecked")
  private void run(List<WindowedValue<?>> elements, Emitter out) {
    Instant now = clock.now();
    List<DecodedRecord<K, V>> records = new ArrayList<>(elements.size());
    for (WindowedValue<?> element : elements) {
      KV<K, V> kv = (KV<K, V>) element.getValue();
      InputRecord record =
          new InputRecord(
              String.format("%020d", ++sequence),
              pipeline.partitionKeyOf(kv.getKey()),
              new byte[0],
              now);
      records.add(
          new DecodedRecord<>(
              record, kv.getKey(), kv.getValue(), element.getTimestamp(), element.getWindows()));
    }
    withEmitter(out, () -> engine.processDecoded(SHARD, records, now));
  }

  @Override
  public void onInputWatermark(Instant watermark, Emitter out) {
    store.stores().shards().advanceGlobalWatermark(watermark.getMillis());
    if (timerHolds.anyDue(TimerDomain.EVENT_TIME, watermark.getMillis())) {
      withEmitter(out, () -> engine.fireEventTimers(clock.now()));
    }
  }

  @Override
  public void onProcessingTime(Instant now, Emitter out) {
    if (timerHolds.anyDue(TimerDomain.PROCESSING_TIME, now.getMillis())) {
      withEmitter(out, () -> engine.fireProcessingTimers(now));
    }
  }

  /**
   * Pending timers of both domains hold the output at their output timestamps, as in Beam, and
   * elements waiting for side inputs at theirs.
   */
  @Override
  public Instant hold() {
    long earliest =
        Math.min(timerHolds.earliestOutputMillis(), sideInputs.earliestHeldBackMillis());
    return earliest >= BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis()
        ? BoundedWindow.TIMESTAMP_MAX_VALUE
        : new Instant(earliest);
  }

  @Override
  public void tearDown() {
    engine.close();
  }

  private void withEmitter(Emitter out, Runnable work) {
    emitter = out;
    try {
      work.run();
    } finally {
      emitter = null;
    }
  }

  private void emit(List<EngineOutput<OutputT>> outputs) {
    for (EngineOutput<OutputT> output : outputs) {
      BoundedWindow window = output.window();
      emitter.emit(
          output.isMain() ? mainOutput : output.tag(),
          WindowedValues.of(output.value(), output.timestamp(), window, PaneInfo.NO_FIRING));
    }
  }
}
