package dev.weir.pipeline;

import dev.weir.watermark.FutureEventTimes;
import dev.weir.watermark.WatermarkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A stateful streaming job: decode each Kinesis record, key and timestamp it, window it, and run an
 * unchanged Beam {@code DoFn<KV<K, V>, OutputT>} with its state and timers.
 *
 * @param <K> key type; its coder must be deterministic, as Beam requires for state
 * @param <V> input value type
 * @param <OutputT> output type
 */
public final class WeirPipeline<K, V, OutputT> {
  /** What {@link #partitionKeyOfRecord} gives for data that does not parse. */
  public static final String UNDECODABLE_PARTITION_KEY = "undecodable";

  /**
   * The default of {@link Builder#maxStateBytesPerKey}: 64 MiB, above the largest state Weir shows
   * working (a bag of 50 MB, {@code LargeBagIT}) and a small part of the processor's 1 GB, with
   * room for the DoFn's decoded copy of it and the state cache's quarter of the heap.
   */
  public static final long DEFAULT_MAX_STATE_BYTES_PER_KEY = 64L * 1024 * 1024;

  private final String name;
  private final RecordParser<K, V> parser;
  private final InputDecoder<V> decoder;
  private final Function<V, K> keyExtractor;
  private final Coder<K> keyCoder;
  private final Coder<V> valueCoder;
  private final Function<V, Instant> timestampExtractor;
  private final WindowFn<Object, ?> windowFn;
  private final Duration allowedLateness;
  private final WatermarkPolicy watermarkPolicy;
  private final FutureEventTimes futureEventTimes;
  private final Duration idleShardTimeout;
  private final long maxStateBytesPerKey;
  private final DoFn<KV<K, V>, OutputT> doFn;
  private final Coder<OutputT> outputCoder;
  private final Function<K, String> partitionKeyFn;
  private final PipelineOptions pipelineOptions;
  private final SideInputs sideInputs;
  private final TupleTag<OutputT> mainOutputTag;
  private final Map<TupleTag<?>, Coder<?>> additionalOutputs;

  private WeirPipeline(Builder<K, V, OutputT> b) {
    this.name = required(b.name, "name");
    if (b.parser != null) {
      if (b.decoder != null || b.keyExtractor != null || b.timestampExtractor != null) {
        throw new IllegalArgumentException(
            "pipeline "
                + b.name
                + ": records(...) takes key, value and event time from each record; drop"
                + " input(...), key(...) and eventTime(...)");
      }
      // Keyed and timestamped from the whole record: values alone carry neither.
      this.parser = b.parser;
      this.decoder = null;
      this.keyExtractor = null;
      this.timestampExtractor = null;
    } else {
      this.decoder = required(b.decoder, "decoder (input or records)");
      this.keyExtractor = required(b.keyExtractor, "key extractor");
      this.timestampExtractor = required(b.timestampExtractor, "event-timestamp extractor");
      this.parser = Records.keyedByValue(decoder, keyExtractor, timestampExtractor);
    }
    this.keyCoder = required(b.keyCoder, "key coder");
    this.valueCoder = required(b.valueCoder, "value coder");
    this.windowFn = b.windowFn;
    this.allowedLateness = b.allowedLateness;
    this.futureEventTimes = b.futureEventTimes;
    this.idleShardTimeout = b.idleShardTimeout;
    this.maxStateBytesPerKey = b.maxStateBytesPerKey;
    this.watermarkPolicy = futureEventTimes.cap(b.watermarkPolicy);
    this.doFn = required(b.doFn, "DoFn");
    this.outputCoder = required(b.outputCoder, "output coder");
    this.partitionKeyFn = b.partitionKeyFn;
    this.pipelineOptions = b.pipelineOptions;
    this.sideInputs = b.sideInputs;
    this.mainOutputTag = b.mainOutputTag;
    this.additionalOutputs = Map.copyOf(b.additionalOutputs);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      throw new IllegalArgumentException(
          "pipeline name '" + name + "' must be 1-64 letters, digits, '_', '.' or '-'");
    }
    try {
      keyCoder.verifyDeterministic();
    } catch (Coder.NonDeterministicException e) {
      throw new IllegalArgumentException(
          "pipeline " + name + ": state and timers need a deterministic key coder", e);
    }
    if (!windowFn.isNonMerging()) {
      List<String> unmergeable = UnsupportedFeatures.unmergeableState(doFn);
      if (!unmergeable.isEmpty()) {
        throw new IllegalArgumentException(
            "pipeline "
                + name
                + ": on merging windows (sessions) the state of merged windows is merged, and "
                + String.join(", ", unmergeable)
                + " cannot merge (which window's value would win?); use BagState, SetState,"
                + " OrderedListState or CombiningState (e.g. Combine latest or max) instead");
      }
    }
    if (allowedLateness.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("allowed lateness must not be negative");
    }
    List<String> unsupported =
        UnsupportedFeatures.of(doFn, sideInputs != null, !additionalOutputs.isEmpty());
    if (!unsupported.isEmpty()) {
      throw new IllegalArgumentException(
          "pipeline "
              + name
              + ": DoFn "
              + doFn.getClass().getName()
              + " uses what Weir cannot run: "
              + String.join(", ", unsupported));
    }
  }

  public static <K, V, OutputT> Builder<K, V, OutputT> builder(String name) {
    return new Builder<K, V, OutputT>().name(name);
  }

  private static <T> T required(T value, String what) {
    return Objects.requireNonNull(value, () -> "pipeline definition is missing its " + what);
  }

  /**
   * The partition key producers write {@code key}'s records with (by default its string form).
   * Timer ticks for the key are written with it, so they reach the processor of the key's records.
   */
  public String partitionKeyOf(K key) {
    return partitionKeyFn.apply(key);
  }

  /**
   * The partition key a producer writes {@code data} with: its key's, where the key is in the data
   * (values that carry it, or a parser that reads it from the bytes); {@code ""} where the pipeline
   * takes its key from the partition key itself (the producer chooses it); {@link
   * #UNDECODABLE_PARTITION_KEY} if the data does not parse. Tools that write sample records use it.
   */
  public String partitionKeyOfRecord(byte[] data) {
    try {
      if (keyedByValues()) {
        return partitionKeyOf(keyOf(decoder().decode(data)));
      }
      K key = parser.parse(new KinesisRecord(data, "", "", "0", new Instant(0))).key();
      return key == null || "".equals(key) ? "" : partitionKeyOf(key);
    } catch (Exception undecodable) {
      return UNDECODABLE_PARTITION_KEY;
    }
  }

  /**
   * True if values carry their key and event time ({@code input}, {@code key}, {@code eventTime}),
   * false if they come from whole records ({@code records}).
   */
  public boolean keyedByValues() {
    return decoder != null;
  }

  /** How a record becomes a keyed, timestamped value. */
  public RecordParser<K, V> parser() {
    return parser;
  }

  public String name() {
    return name;
  }

  public InputDecoder<V> decoder() {
    return valuesOnly().decoder;
  }

  private WeirPipeline<K, V, OutputT> valuesOnly() {
    if (decoder == null) {
      throw new UnsupportedOperationException(
          "pipeline "
              + name
              + " takes keys and event times from whole records (Builder.records), not from values");
    }
    return this;
  }

  /** A value's key; only for pipelines whose values carry it ({@code input}, {@code key}). */
  public K keyOf(V value) {
    return valuesOnly().keyExtractor.apply(value);
  }

  public Instant timestampOf(V value) {
    return valuesOnly().timestampExtractor.apply(value);
  }

  public Coder<K> keyCoder() {
    return keyCoder;
  }

  public Coder<V> valueCoder() {
    return valueCoder;
  }

  public KvCoder<K, V> inputCoder() {
    return KvCoder.of(keyCoder, valueCoder);
  }

  public WindowFn<Object, ?> windowFn() {
    return windowFn;
  }

  public Duration allowedLateness() {
    return allowedLateness;
  }

  public WindowingStrategy<Object, ?> windowingStrategy() {
    return WindowingStrategy.of(windowFn).withAllowedLateness(allowedLateness);
  }

  @SuppressWarnings("unchecked")
  public Coder<BoundedWindow> windowCoder() {
    return (Coder<BoundedWindow>) windowFn.windowCoder();
  }

  /** The pipeline's watermark policy, capped by {@link #futureEventTimes()}'s skew. */
  public WatermarkPolicy watermarkPolicy() {
    return watermarkPolicy;
  }

  /**
   * How long a shard with nothing left to read waits before its watermark follows the clock: it
   * then counts as if a record with event time and arrival {@code now - idleShardTimeout} had just
   * arrived (see {@link #watermarkPolicy()}), never past the holds of its failed keys.
   */
  public Duration idleShardTimeout() {
    return idleShardTimeout;
  }

  /** How far ahead of its arrival a record's event time may lie, and what happens beyond. */
  public FutureEventTimes futureEventTimes() {
    return futureEventTimes;
  }

  /**
   * The most state one key's work (a bundle's records of the key, or a firing) may load from the
   * store, in bytes of entries and timers read; beyond it the work fails, and the key's records are
   * dead-lettered as {@code state-too-large}.
   */
  public long maxStateBytesPerKey() {
    return maxStateBytesPerKey;
  }

  public DoFn<KV<K, V>, OutputT> doFn() {
    return doFn;
  }

  /**
   * The options the DoFn sees ({@code PipelineOptions} parameters, {@code @Setup}); null where none
   * were given, as in the Lambda functions, where building them would cost about 1.5 s of cold
   * start for what DoFns rarely read.
   */
  public PipelineOptions pipelineOptions() {
    return pipelineOptions;
  }

  /** The side inputs the DoFn reads, or null: none (as in the Lambda functions). */
  public SideInputs sideInputs() {
    return sideInputs;
  }

  public Coder<OutputT> outputCoder() {
    return outputCoder;
  }

  /** The tag of the DoFn's main output (the one the functions write to Kinesis). */
  public TupleTag<OutputT> mainOutputTag() {
    return mainOutputTag;
  }

  /** The DoFn's additional outputs and their coders; none unless a Beam runner declares them. */
  public Map<TupleTag<?>, Coder<?>> additionalOutputs() {
    return additionalOutputs;
  }

  /**
   * Builds a {@link WeirPipeline}; defaults: global window, no lateness, 0 s out-of-orderness,
   * records more than five minutes ahead of their arrival dead-lettered, an idle shard's watermark
   * following the clock at once.
   */
  public static final class Builder<K, V, OutputT> {
    private String name;
    private RecordParser<K, V> parser;
    private InputDecoder<V> decoder;
    private Function<V, K> keyExtractor;
    private Coder<K> keyCoder;
    private Coder<V> valueCoder;
    private Function<V, Instant> timestampExtractor;
    private WindowFn<Object, ?> windowFn = new GlobalWindows();
    private Duration allowedLateness = Duration.ZERO;
    private WatermarkPolicy watermarkPolicy = WatermarkPolicy.boundedOutOfOrderness(Duration.ZERO);
    private FutureEventTimes futureEventTimes = FutureEventTimes.deadLetterBeyondDefault();
    private Duration idleShardTimeout = Duration.ZERO;
    private long maxStateBytesPerKey = DEFAULT_MAX_STATE_BYTES_PER_KEY;
    private DoFn<KV<K, V>, OutputT> doFn;
    private Coder<OutputT> outputCoder;
    private Function<K, String> partitionKeyFn = String::valueOf;
    private PipelineOptions pipelineOptions;
    private SideInputs sideInputs;
    private TupleTag<OutputT> mainOutputTag = new TupleTag<>("output");
    private Map<TupleTag<?>, Coder<?>> additionalOutputs = Map.of();

    public Builder<K, V, OutputT> name(String name) {
      this.name = name;
      return this;
    }

    /** How record bytes become values, and the coder the DoFn's input values use. */
    public Builder<K, V, OutputT> input(InputDecoder<V> decoder, Coder<V> valueCoder) {
      this.decoder = decoder;
      this.valueCoder = valueCoder;
      return this;
    }

    /**
     * How each whole record (bytes, partition key, shard, sequence number, arrival) becomes a key,
     * a value and an event time, with the coders of both: instead of {@link #input}, {@link #key}
     * and {@link #eventTime}, for values that carry no key or time ({@link Records} has the usual
     * parsers).
     */
    public Builder<K, V, OutputT> records(
        RecordParser<K, V> parser, Coder<K> keyCoder, Coder<V> valueCoder) {
      this.parser = Objects.requireNonNull(parser, "parser");
      this.keyCoder = keyCoder;
      this.valueCoder = valueCoder;
      return this;
    }

    public Builder<K, V, OutputT> key(Function<V, K> keyExtractor, Coder<K> keyCoder) {
      this.keyExtractor = keyExtractor;
      this.keyCoder = keyCoder;
      return this;
    }

    /**
     * The Kinesis partition key of a key's records, when producers do not write them with the key's
     * string form.
     */
    public Builder<K, V, OutputT> partitionKey(Function<K, String> partitionKeyFn) {
      this.partitionKeyFn = Objects.requireNonNull(partitionKeyFn, "partitionKeyFn");
      return this;
    }

    public Builder<K, V, OutputT> eventTime(Function<V, Instant> timestampExtractor) {
      this.timestampExtractor = timestampExtractor;
      return this;
    }

    @SuppressWarnings("unchecked")
    public Builder<K, V, OutputT> windowing(WindowFn<?, ?> windowFn, Duration allowedLateness) {
      this.windowFn = (WindowFn<Object, ?>) Objects.requireNonNull(windowFn, "windowFn");
      this.allowedLateness = Objects.requireNonNull(allowedLateness, "allowedLateness");
      return this;
    }

    public Builder<K, V, OutputT> watermark(WatermarkPolicy policy) {
      this.watermarkPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * How far ahead of its arrival in Kinesis an event time may be (default: five minutes, beyond
     * which the record is dead-lettered as {@code event-time-in-future}).
     */
    public Builder<K, V, OutputT> futureEventTimes(FutureEventTimes futureEventTimes) {
      this.futureEventTimes = Objects.requireNonNull(futureEventTimes, "futureEventTimes");
      return this;
    }

    /**
     * How long a shard with nothing to read waits before its watermark follows the clock (default:
     * zero, so an idle shard's watermark is where a record arriving now would put it). Longer keeps
     * windows open for producers that pause and then send data older than that.
     */
    public Builder<K, V, OutputT> idleShardTimeout(Duration timeout) {
      this.idleShardTimeout = Objects.requireNonNull(timeout, "timeout");
      if (timeout.isShorterThan(Duration.ZERO)) {
        throw new IllegalArgumentException("the idle shard timeout must not be negative");
      }
      return this;
    }

    /**
     * The most state one key's work may load from the store (default {@link
     * #DEFAULT_MAX_STATE_BYTES_PER_KEY}): a key whose records need more is failed, its records
     * dead-lettered as {@code state-too-large}, rather than exhausting the function's memory or
     * time and failing its whole batch on every retry. Raise it with the function's memory.
     */
    public Builder<K, V, OutputT> maxStateBytesPerKey(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("a key's state budget must be at least one byte");
      }
      this.maxStateBytesPerKey = bytes;
      return this;
    }

    public Builder<K, V, OutputT> doFn(DoFn<KV<K, V>, OutputT> doFn, Coder<OutputT> outputCoder) {
      this.doFn = doFn;
      this.outputCoder = outputCoder;
      return this;
    }

    /** The options the DoFn sees (a Beam runner passes its pipeline's); none by default. */
    public Builder<K, V, OutputT> pipelineOptions(PipelineOptions options) {
      this.pipelineOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** The side inputs the DoFn reads (a Beam runner provides them); none by default. */
    public Builder<K, V, OutputT> sideInputs(SideInputs sideInputs) {
      this.sideInputs = Objects.requireNonNull(sideInputs, "sideInputs");
      return this;
    }

    /**
     * The tags the DoFn outputs to (a Beam runner passes its {@code ParDo}'s): its main output and
     * additional ones with their coders. The Lambda functions write the main output only, so a
     * pipeline deployed there declares none.
     */
    public Builder<K, V, OutputT> outputTags(
        TupleTag<OutputT> main, Map<TupleTag<?>, Coder<?>> additional) {
      this.mainOutputTag = Objects.requireNonNull(main, "main");
      this.additionalOutputs = Objects.requireNonNull(additional, "additional");
      return this;
    }

    public WeirPipeline<K, V, OutputT> build() {
      return new WeirPipeline<>(this);
    }
  }
}
