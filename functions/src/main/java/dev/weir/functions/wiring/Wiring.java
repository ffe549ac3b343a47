package dev.weir.functions.wiring;

import dev.weir.engine.LateElement;
import dev.weir.engine.Retries;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.adapters.DeadLetters;
import dev.weir.functions.adapters.EmfMetrics;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.OutputSink;
import dev.weir.store.AttemptLedger;
import dev.weir.store.Stores;
import dev.weir.timer.KeyTicks;
import dev.weir.timer.WakeupScheduler;
import dev.weir.watermark.ShardActivity;
import dev.weir.watermark.ShardTopology;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
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
  private final ShardBatchProcessor<V> batches;
  private final ShardActivity activity;
  private final ShardTopology topology;
  private final Clock clock;
  private final int sweepIntervalSeconds;
  private final PrintStream metricsOut;

  /**
   * The parts a function runs on; {@link AwsWiring} builds them from the environment.
   *
   * @param inputStream the stream the processor reads, named in dead letters
   * @param ticks where the watermark and timer functions send the keys whose timers are due, for
   *     their processors to fire; null to fire them in place (a single process owns every key)
   */
  public record Parts<K, V, OutputT>(
      WeirPipeline<K, V, OutputT> pipeline,
      String inputStream,
      Stores stores,
      AttemptLedger attempts,
      OutputSink<OutputT> outputs,
      DeadLetters deadLetters,
      Consumer<List<LateElement<V>>> lateData,
      WakeupScheduler wakeups,
      KeyTicks ticks,
      ShardActivity activity,
      ShardTopology topology,
      Clock clock,
      int maxAttempts,
      int sweepIntervalSeconds,
      PrintStream metricsOut) {}

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
            new Retries(parts.attempts(), parts.maxAttempts()),
            new DeadLetteringGivenUp(parts.inputStream(), parts.deadLetters()));
    this.batches =
        new ShardBatchProcessor<>(
            engine,
            parts.inputStream(),
            parts.deadLetters(),
            parts.attempts(),
            parts.maxAttempts());
    this.activity = parts.activity();
    this.topology = parts.topology();
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

  public ShardBatchProcessor<V> batches() {
    return batches;
  }

  public ShardActivity activity() {
    return activity;
  }

  public ShardTopology topology() {
    return topology;
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
