package dev.weir.testing;

import dev.weir.engine.BundleResult;
import dev.weir.engine.DecodedRecord;
import dev.weir.engine.EngineCounters;
import dev.weir.engine.InputRecord;
import dev.weir.engine.WeirEngine;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.state.KeyIds;
import dev.weir.state.KeyWorkspace;
import dev.weir.store.Stores;
import dev.weir.store.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.state.State;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Drives a pipeline's engine with explicit time. Each {@link #send} is one bundle from one shard;
 * the watermark moves only when {@link #advanceWatermarkTo} says so, and processing time only with
 * {@link #advanceProcessingTimeTo}, each firing the timers it makes due.
 */
public final class WeirTestDriver<K, V, OutputT> implements AutoCloseable {
  private static final String SHARD = "shardId-000000000000";

  private final WeirPipeline<K, V, OutputT> pipeline;
  private final Stores stores;
  private final WeirEngine<K, V, OutputT> engine;
  private final List<EngineOutput<OutputT>> outputs = new ArrayList<>();
  private final KeyIds<K> keyIds;
  private Instant processingTime;
  private long nextSequence = 1;

  private WeirTestDriver(WeirPipeline<K, V, OutputT> pipeline, Stores stores, Instant start) {
    this.pipeline = pipeline;
    this.stores = stores;
    this.engine = new WeirEngine<>(pipeline, stores, outputs::addAll);
    this.keyIds = new KeyIds<>(pipeline.keyCoder());
    this.processingTime = start;
  }

  /** A driver on a fresh in-memory store, with processing time starting at the epoch. */
  public static <K, V, O> WeirTestDriver<K, V, O> of(WeirPipeline<K, V, O> pipeline) {
    return new WeirTestDriver<>(pipeline, new InMemoryStore().asStores(), new Instant(0));
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
  public record Element<K, V>(K key, V value, Instant timestamp) {}

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

  /** Moves the watermark and fires the event-time timers it passes. */
  public WeirTestDriver<K, V, OutputT> advanceWatermarkTo(Instant watermark) {
    stores.shards().advanceGlobalWatermark(watermark.getMillis());
    engine.fireEventTimers(processingTime);
    return this;
  }

  /** Moves the watermark past every window, as the end of a bounded input does. */
  public WeirTestDriver<K, V, OutputT> advanceWatermarkToInfinity() {
    return advanceWatermarkTo(BoundedWindow.TIMESTAMP_MAX_VALUE);
  }

  /** Moves processing time and fires the processing-time timers it passes. */
  public WeirTestDriver<K, V, OutputT> advanceProcessingTimeTo(Instant time) {
    if (time.isBefore(processingTime)) {
      throw new IllegalArgumentException(
          "processing time cannot go back from " + processingTime + " to " + time);
    }
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
