package dev.weir.functions.wiring;

import dev.weir.engine.DeadLetteringGivenUp;
import dev.weir.engine.Lanes;
import dev.weir.engine.LateElement;
import dev.weir.engine.Retries;
import dev.weir.engine.ShardBatchProcessor;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.adapters.EmfMetrics;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.DeadLetters;
import dev.weir.sink.OutputSink;
import dev.weir.store.Stores;
import dev.weir.timer.KeyTicks;
import dev.weir.timer.WakeupScheduler;
import dev.weir.watermark.ShardActivity;
import dev.weir.watermark.ShardTopology;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything a function needs, built once per container: the engine (whose construction generates
 * the DoFn's invoker bytecode, so it must not happen per invocation), the batch processor, shard
 * activity, metrics and the clock.
 */
public final class Wiring<K, V, OutputT> {
  /**
   * Heap a container gives to keys' committed state between invocations (a quarter of it; the least
   * recently and frequently used keys dropped first): a warm processor then reads nothing for the
   * keys of its shard, and no number of keys or size of state can exhaust the heap.
   */
  public static final long STATE_CACHE_BYTES = Runtime.getRuntime().maxMemory() / 4;

  private static volatile Wiring<?, ?, ?> instance;

  private final WeirPipeline<K, V, OutputT> pipeline;
  private final WeirEngine<K, V, OutputT> engine;
  private final Stores stores;
  private final ShardBatchProcessor<V> batches;
  private final ShardActivity activity;
  private final ShardTopology topology;
  private final Lanes lanes;
  private final Clock clock;
  private final int sweepIntervalSeconds;
  private final PrintStream metricsOut;

  /**
   * The parts a function runs on; {@link AwsWiring} builds them from the environment. Build with
   * {@link #builder}: the pipeline, input stream, stores, output sink, dead letters and shard
   * activity are required, the rest have the defaults a single process wants.
   *
   * @param inputStream the stream the processor reads, named in dead letters
   * @param ticks where the watermark and timer functions send the keys whose timers are due, for
   *     their processors to fire; null to fire them in place (a single process owns every key)
   */
  public record Parts<K, V, OutputT>(
      WeirPipeline<K, V, OutputT> pipeline,
      String inputStream,
      Stores stores,
      OutputSink<OutputT> outputs,
      DeadLetters deadLetters,
      Consumer<List<LateElement<V>>> lateData,
      WakeupScheduler wakeups,
      KeyTicks ticks,
      ShardActivity activity,
      ShardTopology topology,
      Lanes lanes,
      Clock clock,
      int maxAttempts,
      int sweepIntervalSeconds,
      PrintStream metricsOut) {
    public Parts {
      Objects.requireNonNull(pipeline, "pipeline");
      Objects.requireNonNull(inputStream, "inputStream");
      Objects.requireNonNull(stores, "stores");
      Objects.requireNonNull(outputs, "outputs");
      Objects.requireNonNull(deadLetters, "deadLetters");
      Objects.requireNonNull(lateData, "lateData");
      Objects.requireNonNull(wakeups, "wakeups");
      Objects.requireNonNull(activity, "activity");
      Objects.requireNonNull(topology, "topology");
      Objects.requireNonNull(lanes, "lanes");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(metricsOut, "metricsOut");
    }

    public static <K, V, O> Builder<K, V, O> builder(WeirPipeline<K, V, O> pipeline) {
      return new Builder<>(pipeline);
    }

    /** Names each part as it is set, so that no two of the same type can be swapped. */
    public static final class Builder<K, V, OutputT> {
      private final WeirPipeline<K, V, OutputT> pipeline;
      private String inputStream;
      private Stores stores;
      private OutputSink<OutputT> outputs;
      private DeadLetters deadLetters;
      private Consumer<List<LateElement<V>>> lateData = late -> {};
      private WakeupScheduler wakeups = WakeupScheduler.none();
      private KeyTicks ticks;
      private ShardActivity activity;
      private ShardTopology topology = ShardTopology.fixed();
      private Lanes lanes = Lanes.one();
      private Clock clock = Clock.systemUTC();
      private int maxAttempts = 3;
      private int sweepIntervalSeconds = 60;
      private PrintStream metricsOut = System.out;

      private Builder(WeirPipeline<K, V, OutputT> pipeline) {
        this.pipeline = pipeline;
      }

      public Builder<K, V, OutputT> inputStream(String inputStream) {
        this.inputStream = inputStream;
        return this;
      }

      public Builder<K, V, OutputT> stores(Stores stores) {
        this.stores = stores;
        return this;
      }

      public Builder<K, V, OutputT> outputs(OutputSink<OutputT> outputs) {
        this.outputs = outputs;
        return this;
      }

      public Builder<K, V, OutputT> deadLetters(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        return this;
      }

      public Builder<K, V, OutputT> lateData(Consumer<List<LateElement<V>>> lateData) {
        this.lateData = lateData;
        return this;
      }

      public Builder<K, V, OutputT> wakeups(WakeupScheduler wakeups) {
        this.wakeups = wakeups;
        return this;
      }

      public Builder<K, V, OutputT> ticks(KeyTicks ticks) {
        this.ticks = ticks;
        return this;
      }

      public Builder<K, V, OutputT> activity(ShardActivity activity) {
        this.activity = activity;
        return this;
      }

      public Builder<K, V, OutputT> topology(ShardTopology topology) {
        this.topology = topology;
        return this;
      }

      /** How many lanes read each shard (one unless set): the sweep verifies several. */
      public Builder<K, V, OutputT> lanes(Lanes lanes) {
        this.lanes = lanes;
        return this;
      }

      public Builder<K, V, OutputT> clock(Clock clock) {
        this.clock = clock;
        return this;
      }

      public Builder<K, V, OutputT> maxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
        return this;
      }

      public Builder<K, V, OutputT> sweepIntervalSeconds(int sweepIntervalSeconds) {
        this.sweepIntervalSeconds = sweepIntervalSeconds;
        return this;
      }

      public Builder<K, V, OutputT> metricsOut(PrintStream metricsOut) {
        this.metricsOut = metricsOut;
        return this;
      }

      public Parts<K, V, OutputT> build() {
        return new Parts<>(
            pipeline,
            inputStream,
            stores,
            outputs,
            deadLetters,
            lateData,
            wakeups,
            ticks,
            activity,
            topology,
            lanes,
            clock,
            maxAttempts,
            sweepIntervalSeconds,
            metricsOut);
      }
    }
  }

  public Wiring(Parts<K, V, OutputT> parts) {
    this.pipeline = parts.pipeline();
    this.engine =
        new WeirEngine<>(
            parts.pipeline(),
            parts.stores(),
            parts.outputs(),
            parts.wakeups(),
            parts.lateData(),
            parts.ticks(),
            new Retries(parts.stores().attempts(), parts.maxAttempts()),
            new DeadLetteringGivenUp(parts.inputStream(), parts.deadLetters()),
            parts.lanes().onePerShard());
    this.stores = parts.stores();
    this.batches =
        new ShardBatchProcessor<>(
            engine,
            parts.inputStream(),
            parts.deadLetters(),
            parts.stores().attempts(),
            parts.maxAttempts());
    this.activity = parts.activity();
    this.topology = parts.topology();
    this.lanes = parts.lanes();
    this.clock = parts.clock();
    this.sweepIntervalSeconds = parts.sweepIntervalSeconds();
    this.metricsOut = parts.metricsOut();
  }

  /** The container's wiring, built from the environment on first use. */
  public static Wiring<?, ?, ?> instance() {
    Wiring<?, ?, ?> wiring = instance;
    if (wiring == null) {
      synchronized (Wiring.class) {
        if (instance == null) {
          instance = AwsWiring.fromEnvironment(WeirEnvironment.fromSystem());
        }
        wiring = instance;
      }
    }
    return wiring;
  }

  public WeirPipeline<K, V, OutputT> pipeline() {
    return pipeline;
  }

  public WeirEngine<K, V, OutputT> engine() {
    return engine;
  }

  /** The stores the engine works on, as built (priming reads through them). */
  public Stores stores() {
    return stores;
  }

  public ShardBatchProcessor<V> batches() {
    return batches;
  }

  public ShardActivity activity() {
    return activity;
  }

  public ShardTopology topology() {
    return topology;
  }

  public Lanes lanes() {
    return lanes;
  }

  public Clock clock() {
    return clock;
  }

  public int sweepIntervalSeconds() {
    return sweepIntervalSeconds;
  }

  /** Metrics of one function, as EMF lines (in Lambda: standard output, read by CloudWatch). */
  public EmfMetrics metrics(String function) {
    return new EmfMetrics(pipeline.name(), function, metricsOut);
  }
}
