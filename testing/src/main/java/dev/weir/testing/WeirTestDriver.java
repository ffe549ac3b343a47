package dev.weir.testing;

import dev.weir.engine.BundleResult;
import dev.weir.engine.DecodedRecord;
import dev.weir.engine.EngineCounters;
import dev.weir.engine.InputRecord;
import dev.weir.engine.SweepResult;
import dev.weir.engine.WeirEngine;
import dev.weir.inspect.KeyInspector;
import dev.weir.inspect.KeyState;
import dev.weir.inspect.PendingTimer;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.state.KeyIds;
import dev.weir.state.KeyWorkspace;
import dev.weir.store.KeyCatalog;
import dev.weir.store.Stores;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.watermark.ShardTopology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.beam.sdk.state.State;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Drives a pipeline's engine with explicit time: the engine the Lambda functions run, on an
 * in-memory store (or any given). Each {@code send} is one bundle read from one shard. Time moves
 * only when the test says so, and never backwards:
 *
 * <ul>
 *   <li>{@link #advanceClock} as deployed: processing time moves in steps of the sweep interval,
 *       and at each step the watermark function's sweep runs (the global watermark follows each
 *       shard's data through the pipeline's own watermark policy, shards quiet for longer than its
 *       idle timeout stop holding it; then due timers fire);
 *   <li>{@link #advanceWatermarkTo} as Beam's {@code TestStream} does, setting the global
 *       watermark;
 *   <li>{@link #advanceProcessingTimeTo}, firing due processing-time timers as their wake-ups do.
 * </ul>
 *
 * <p>Outputs ({@link #outputs}, {@link #outputsIn}), a key's state and pending timers ({@link
 * #state}, {@link #keyState}, {@link #pendingTimers}) can be read at any point. Close it (it is
 * {@link AutoCloseable}, so try-with-resources in a JUnit test) to run the DoFn's teardown.
 */
public final class WeirTestDriver<K, V, OutputT> implements AutoCloseable {
  /** The shard {@code send}s read from unless one is named. */
  public static final String SHARD = "shardId-000000000000";

  /** How often the watermark function sweeps, as the template deploys it. */
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.standardSeconds(60);

  private final WeirPipeline<K, V, OutputT> pipeline;
  private final Stores stores;
  private final WeirEngine<K, V, OutputT> engine;
  private final List<EngineOutput<OutputT>> outputs = new ArrayList<>();
  private final KeyIds<K> keyIds;
  private final KeyInspector<K> inspector;
  private final Set<String> backlogged = new HashSet<>();
  private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
  private Instant processingTime;
  private long nextSequence = 1;

  private WeirTestDriver(WeirPipeline<K, V, OutputT> pipeline, Stores stores, Instant start) {
    this.pipeline = pipeline;
    this.stores = stores;
    this.engine = new WeirEngine<>(pipeline, stores, outputs::addAll);
    this.keyIds = new KeyIds<>(pipeline.keyCoder());
    this.inspector =
        stores.state() instanceof KeyCatalog catalog
            ? new KeyInspector<>(engine.host(), stores.state(), catalog)
            : null;
    this.processingTime = start;
  }

  /** A driver on a fresh in-memory store, with processing time starting at the epoch. */
  public static <K, V, O> WeirTestDriver<K, V, O> of(WeirPipeline<K, V, O> pipeline) {
    return of(pipeline, new Instant(0));
  }

  /** A driver on a fresh in-memory store, with processing time starting at {@code start}. */
  public static <K, V, O> WeirTestDriver<K, V, O> of(
      WeirPipeline<K, V, O> pipeline, Instant start) {
    return new WeirTestDriver<>(pipeline, new InMemoryStore().asStores(), start);
  }

  /** A driver on the given stores (e.g. DynamoDB Local), starting at {@code processingTime}. */
  public static <K, V, O> WeirTestDriver<K, V, O> of(
      WeirPipeline<K, V, O> pipeline, Stores stores, Instant processingTime) {
    return new WeirTestDriver<>(pipeline, stores, processingTime);
  }

  /** Sends values as one bundle; their keys and event times come from the pipeline. */
  @SafeVarargs
  public final BundleResult<V> send(V... values) {
    List<V> list = new ArrayList<>(values.length);
    for (V value : values) {
      list.add(value); // element by element: the array itself never leaves this method
    }
    return sendAll(list);
  }

  /** Sends values as one bundle. */
  public BundleResult<V> sendAll(List<V> values) {
    List<DecodedRecord<K, V>> records = new ArrayList<>(values.size());
    for (V value : values) {
      K key = Objects.requireNonNull(pipeline.keyOf(value), "key");
      records.add(
          new DecodedRecord<>(
              record(pipeline.partitionKeyOf(key), new byte[0]),
              key,
              value,
              pipeline.timestampOf(value)));
    }
    return engine.processDecoded(SHARD, records, processingTime);
  }

  /** An element as Beam has it: a key, a value and its event time. */
  public record Element<K, V>(K key, V value, Instant timestamp) {
    public static <K, V> Element<K, V> of(K key, V value, Instant timestamp) {
      return new Element<>(key, value, timestamp);
    }
  }

  /** Sends elements as one bundle read from the default shard ({@link #SHARD}). */
  @SafeVarargs
  public final BundleResult<V> sendElements(Element<K, V>... elements) {
    List<Element<K, V>> list = new ArrayList<>(elements.length);
    for (Element<K, V> element : elements) {
      list.add(element); // element by element: the array itself never leaves this method
    }
    return sendTo(SHARD, list);
  }

  /**
   * Sends elements as one bundle read from {@code shardId}, each as a record written with its key's
   * partition key: for pipelines keyed by whole records ({@code Builder.records}), whose values
   * carry no key, and to drive several shards (each holds the watermark for its own).
   */
  public BundleResult<V> sendTo(String shardId, List<Element<K, V>> elements) {
    List<DecodedRecord<K, V>> records = new ArrayList<>(elements.size());
    for (Element<K, V> element : elements) {
      K key = Objects.requireNonNull(element.key(), "key");
      records.add(
          new DecodedRecord<>(
              record(pipeline.partitionKeyOf(key), new byte[0]),
              key,
              element.value(),
              Objects.requireNonNull(element.timestamp(), "timestamp")));
    }
    return engine.processDecoded(shardId, records, processingTime);
  }

  /**
   * Sends raw record bytes as one bundle, through the pipeline's decoder, each with its key's
   * partition key (as a producer writes them; a record that does not decode gets none).
   */
  public BundleResult<V> sendRecords(List<byte[]> data) {
    return engine.processBundle(
        SHARD,
        data.stream().map(d -> record(pipeline.partitionKeyOfRecord(d), d)).toList(),
        processingTime);
  }

  /**
   * Sets the global watermark, as Beam's {@code TestStream} does, and fires the event-time timers
   * it passes.
   *
   * @throws IllegalArgumentException if {@code watermark} is behind the current one
   */
  public WeirTestDriver<K, V, OutputT> advanceWatermarkTo(Instant watermark) {
    Instant current = watermark();
    if (watermark.isBefore(current)) {
      throw new IllegalArgumentException(
          "the watermark cannot go back from " + current + " to " + watermark);
    }
    stores.shards().advanceGlobalWatermark(watermark.getMillis());
    engine.fireEventTimers(processingTime);
    return this;
  }

  /** The global watermark: where event time stands for every key. */
  public Instant watermark() {
    return new Instant(
        Math.max(stores.shards().globalWatermark(), BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis()));
  }

  /**
   * Runs the watermark function's sweep at the current processing time: the global watermark moves
   * to the least of the shards' watermarks (each from its data through the pipeline's watermark
   * policy; a shard with nothing unread that has been quiet for the pipeline's idle timeout moves
   * with the clock instead, see {@link #backlog}), then due event- and processing-time timers fire.
   */
  public SweepResult sweep() {
    return engine.sweep(
        processingTime, shard -> !backlogged.contains(shard.shardId()), ShardTopology.fixed());
  }

  /**
   * Moves processing time forward by {@code by} as a deployment lives through it: in steps of the
   * sweep interval, each step firing the processing-time timers it passes, then sweeping.
   */
  public WeirTestDriver<K, V, OutputT> advanceClock(Duration by) {
    return advanceClockTo(processingTime.plus(by));
  }

  /** {@link #advanceClock} up to {@code time}. */
  public WeirTestDriver<K, V, OutputT> advanceClockTo(Instant time) {
    requireNotBefore(time);
    while (processingTime.isBefore(time)) {
      Instant step = processingTime.plus(sweepInterval);
      advanceProcessingTimeTo(step.isAfter(time) ? time : step);
      sweep();
    }
    return this;
  }

  /** How often {@link #advanceClock} sweeps; {@link #DEFAULT_SWEEP_INTERVAL} unless set. */
  public WeirTestDriver<K, V, OutputT> sweepEvery(Duration interval) {
    if (interval.getMillis() < 1) {
      throw new IllegalArgumentException("the sweep interval must be positive, not " + interval);
    }
    this.sweepInterval = interval;
    return this;
  }

  /**
   * Marks {@code shardId} as having unread records (true) or being caught up (false, the default:
   * everything sent has been processed). A shard with a backlog holds the watermark at its data's
   * however long it has been quiet, as a shard Lambda has fallen behind on does.
   */
  public WeirTestDriver<K, V, OutputT> backlog(String shardId, boolean unread) {
    if (unread) {
      backlogged.add(shardId);
    } else {
      backlogged.remove(shardId);
    }
    return this;
  }

  /** Moves the watermark past every window, as the end of a bounded input does. */
  public WeirTestDriver<K, V, OutputT> advanceWatermarkToInfinity() {
    return advanceWatermarkTo(BoundedWindow.TIMESTAMP_MAX_VALUE);
  }

  /** Moves processing time and fires the processing-time timers it passes. */
  public WeirTestDriver<K, V, OutputT> advanceProcessingTimeTo(Instant time) {
    requireNotBefore(time);
    processingTime = time;
    engine.fireProcessingTimers(processingTime);
    return this;
  }

  public WeirTestDriver<K, V, OutputT> advanceProcessingTime(Duration by) {
    return advanceProcessingTimeTo(processingTime.plus(by));
  }

  public Instant processingTime() {
    return processingTime;
  }

  /** Every output so far, with ids, timestamps and windows, in emission order. */
  public List<EngineOutput<OutputT>> outputs() {
    return List.copyOf(outputs);
  }

  /** The values of every output so far, in emission order. */
  public List<OutputT> outputValues() {
    return outputs.stream().map(EngineOutput::value).toList();
  }

  /** The values output in {@code window} so far, in emission order. */
  public List<OutputT> outputsIn(BoundedWindow window) {
    return outputs.stream()
        .filter(output -> window.equals(output.window()))
        .map(EngineOutput::value)
        .toList();
  }

  /** The values output so far by window, windows in order of their first output. */
  public Map<BoundedWindow, List<OutputT>> outputsByWindow() {
    Map<BoundedWindow, List<OutputT>> byWindow = new LinkedHashMap<>();
    outputs.forEach(
        output ->
            byWindow.computeIfAbsent(output.window(), w -> new ArrayList<>()).add(output.value()));
    return byWindow;
  }

  /** Returns the outputs so far and forgets them. */
  public List<EngineOutput<OutputT>> takeOutputs() {
    List<EngineOutput<OutputT>> taken = List.copyOf(outputs);
    outputs.clear();
    return taken;
  }

  /**
   * The committed state {@code stateId} of {@code key} in {@code window}, as the DoFn declares it
   * (e.g. a {@code ValueState<Integer>}). Writes to it are not committed.
   */
  public <S extends State> S state(K key, BoundedWindow window, String stateId) {
    KeyWorkspace workspace = KeyWorkspace.open(stores.state(), keyIds.idOf(key));
    return engine.host().userState(workspace, key, window, stateId);
  }

  /** Everything {@code key} holds now: its state per window and its pending timers. */
  public KeyState<K> keyState(K key) {
    return inspector().inspect(key);
  }

  /** The timers {@code key} has set that have not fired, window by window, in firing order. */
  public List<PendingTimer> pendingTimers(K key) {
    return keyState(key).timers();
  }

  /** The keys that hold state or pending timers now, by their encoded ids. */
  public List<K> keys() {
    return inspector().keys(Integer.MAX_VALUE);
  }

  private KeyInspector<K> inspector() {
    if (inspector == null) {
      throw new UnsupportedOperationException(
          "this driver's state store cannot list keys and windows");
    }
    return inspector;
  }

  private void requireNotBefore(Instant time) {
    if (time.isBefore(processingTime)) {
      throw new IllegalArgumentException(
          "processing time cannot go back from " + processingTime + " to " + time);
    }
  }

  public EngineCounters counters() {
    return engine.counters();
  }

  public Stores stores() {
    return stores;
  }

  private InputRecord record(String partitionKey, byte[] data) {
    return new InputRecord(Long.toString(nextSequence++), partitionKey, data, processingTime);
  }

  @Override
  public void close() {
    engine.close();
  }
}
