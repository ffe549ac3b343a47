package dev.weir.functions.handlers;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.wiring.SettableClock;
import dev.weir.functions.wiring.WeirEnvironment;
import dev.weir.functions.wiring.Wiring;
import dev.weir.pipeline.PipelineProvider;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.store.ShardRecord;
import dev.weir.store.Stores;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.timer.KeyTick;
import dev.weir.timer.TimerDomain;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.beam.sdk.util.SerializableUtils;
import org.crac.Core;
import org.crac.Resource;

/**
 * Runs a pipeline's hot path before the first real event, so that its classes are loaded and the
 * JIT has seen it: before a SnapStart snapshot (then every restored container starts warm), or when
 * the container starts if {@value WeirEnvironment#PRIME_ON_INIT} is {@code true}.
 *
 * <p>It builds a throwaway {@link Wiring} over an {@link InMemoryStore}, a discarding sink and no
 * AWS client, with a copy of the pipeline's DoFn, and drives the three real handlers over it: the
 * processor with Kinesis events made of the pipeline's {@linkplain
 * PipelineProvider#primingRecords() sample records}, the timer function for processing-time timers
 * and the watermark function for event-time ones. Nothing reaches AWS, the real store or the real
 * sink; the DoFn does run, so the samples must be safe to process.
 */
public final class Priming {
  static final int ROUNDS = 5;
  static final int MIN_RECORDS_PER_BUNDLE = 100;
  private static final String SHARD = "shardId-000000000000";
  private static final long DAY_MILLIS = 86_400_000L;

  /** Read, never written: no key id of a real key starts with a tilde (they are base64url). */
  static final String PRIMING_KEY_ID = "~weir-priming";

  private static final String PRIMING_SHARD_ID = "~weir-priming";

  /** What one priming run did: the DoFn's elements, discarded outputs, timers fired, time taken. */
  public record Result(
      int bundles,
      long elements,
      long outputs,
      long eventTimersFired,
      long processingTimersFired,
      long millis) {}

  private final WeirPipeline<?, ?, ?> pipeline;
  private final List<byte[]> samples;

  private Priming(WeirPipeline<?, ?, ?> pipeline, List<byte[]> samples) {
    this.pipeline = pipeline;
    this.samples = List.copyOf(samples);
  }

  /** Priming for {@code pipeline}, feeding it {@code sampleRecords} (may be empty: timers only). */
  public static Priming of(WeirPipeline<?, ?, ?> pipeline, List<byte[]> sampleRecords) {
    return new Priming(pipeline, sampleRecords);
  }

  /**
   * Registers priming of {@code wiring}'s pipeline with CRaC (SnapStart runs it before taking the
   * snapshot) and runs it now if {@value WeirEnvironment#PRIME_ON_INIT} is {@code true}. The
   * samples come from the {@link PipelineProvider} the environment names, read only when priming
   * runs. Returns the resource: keep it, CRaC holds resources weakly.
   */
  static Resource register(Wiring<?, ?, ?> wiring, ClientReads reads) {
    Consumer<String> prime =
        when -> {
          of(wiring.pipeline(), sampleRecords(System.getenv(WeirEnvironment.PIPELINE_CLASS)))
              .runLogged(when);
          primeClientsLogged(wiring.stores(), reads, when, System.err);
        };
    Resource resource =
        new Resource() {
          @Override
          public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
            prime.accept("before the snapshot");
          }

          @Override
          public void afterRestore(org.crac.Context<? extends Resource> context) {
            WeirEngine.afterSnapshotRestore(); // every restored container draws its own nonces
          }
        };
    Core.getGlobalContext().register(resource);
    if ("true".equalsIgnoreCase(System.getenv(WeirEnvironment.PRIME_ON_INIT))) {
      prime.accept("on init");
    }
    return resource;
  }

  /**
   * What each function reads to prime its real AWS clients: only what its role allows and it reads
   * anyway, of items that need not exist. Nothing is written.
   */
  public enum ClientReads {
    /** A batch of one key's header, a shard's record and the global watermark. */
    PROCESSOR(
        List.of(
            stores -> stores.state().readHeaders(List.of(PRIMING_KEY_ID)),
            stores -> stores.shards().shard(PRIMING_SHARD_ID),
            stores -> stores.shards().freshGlobalWatermark())),
    /** A shard's record, the global watermark and a page of the due-timer index. */
    WATERMARK(
        List.of(
            stores -> stores.shards().shard(PRIMING_SHARD_ID),
            stores -> stores.shards().freshGlobalWatermark(),
            stores -> stores.timers().dueTimers(TimerDomain.EVENT_TIME, 0, 1))),
    /** A page of the due-timer index. */
    TIMER(List.of(stores -> stores.timers().dueTimers(TimerDomain.PROCESSING_TIME, 0, 1)));

    private final List<Consumer<Stores>> reads;

    ClientReads(List<Consumer<Stores>> reads) {
      this.reads = reads;
    }

    /** How many reads it makes (a page of the due-timer index queries each of its partitions). */
    public int count() {
      return reads.size();
    }
  }

  /**
   * Reads through a function's real AWS clients, so that the SDK's marshalling, signing,
   * credentials and a connection are warm too (part of the snapshot, or of the class archive a
   * training run writes). Throws what a read throws.
   */
  public static void primeClients(Stores stores, ClientReads reads) {
    reads.reads.forEach(read -> read.accept(stores));
  }

  /**
   * {@link #primeClients}, best effort: a failure is logged to {@code log} and the function goes on
   * unprimed.
   *
   * @return true if every read was made
   */
  public static boolean primeClientsLogged(
      Stores stores, ClientReads reads, String when, PrintStream log) {
    long start = System.nanoTime();
    try {
      primeClients(stores, reads);
      log.printf(
          "weir priming the AWS clients %s: %d reads in %d ms%n",
          when, reads.reads.size(), (System.nanoTime() - start) / 1_000_000);
      return true;
    } catch (RuntimeException | LinkageError e) {
      log.println("weir priming the AWS clients " + when + " failed, continuing: " + e);
      return false;
    }
  }

  /** The provider's priming records; none if there is no provider or it fails. */
  static List<byte[]> sampleRecords(String providerClass) {
    if (providerClass == null || providerClass.isBlank()) {
      return List.of();
    }
    try {
      Object provider = Class.forName(providerClass.trim()).getDeclaredConstructor().newInstance();
      return provider instanceof PipelineProvider p ? p.primingRecords() : List.of();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      System.err.println("weir priming: no sample records from " + providerClass + ": " + e);
      return List.of();
    }
  }

  /** Runs the priming; a failure is logged, never thrown: the function works unprimed. */
  void runLogged(String when) {
    try {
      Result result = run();
      System.err.println("weir priming " + when + ": " + result);
    } catch (RuntimeException | LinkageError e) {
      System.err.println("weir priming " + when + " failed, continuing unprimed: " + e);
    }
  }

  /** Runs the priming once, on fresh in-memory parts. */
  public Result run() {
    return run(isolated(pipeline));
  }

  private <K, V, O> Result run(WeirPipeline<K, V, O> typed) {
    long start = System.nanoTime();
    InMemoryStore store = new InMemoryStore();
    AtomicLong outputs = new AtomicLong();
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    long t0 = System.currentTimeMillis();
    SettableClock clock = new SettableClock(t0);
    // Ticks come back to the processor as Lambda would bring them: the real firing path.
    List<KeyTick> ticks = new ArrayList<>();
    Wiring<K, V, O> wiring =
        new Wiring<>(
            Wiring.Parts.builder(typed)
                .inputStream("priming")
                .stores(store.asStores())
                .outputs(emitted -> outputs.addAndGet(emitted.size()))
                .deadLetters(letters -> {})
                .ticks(ticks::addAll)
                .activity(shard -> true)
                .clock(clock)
                .metricsOut(nowhere)
                .build());
    try {
      ProcessorFunction processor = new ProcessorFunction(wiring);
      TimerFunction timers = new TimerFunction(wiring);
      int bundles = samples.isEmpty() ? 0 : ROUNDS;
      long sequence = 0;
      for (int round = 0; round < bundles; round++) {
        clock.set(t0 + round * 60_000L);
        List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>();
        while (records.size() < MIN_RECORDS_PER_BUNDLE) {
          for (byte[] sample : samples) {
            records.add(
                record(++sequence, primingPartitionKey(typed, sample), sample, clock.millis()));
          }
        }
        KinesisEvent event = new KinesisEvent();
        event.setRecords(records);
        processor.handleRequest(event, null);
        clock.set(clock.millis() + 30_000); // past the processing-time timers the bundle set
        timers.handleRequest(
            Map.of("pipeline", typed.name(), "bucket", clock.millis() / 60_000 * 60_000), null);
        sequence = deliver(processor, ticks, sequence, clock.millis());
      }
      long maxEventTime = store.shard(SHARD).map(ShardRecord::maxEventTimeMillis).orElse(t0);
      clock.set(Math.max(t0, maxEventTime) + DAY_MILLIS); // past every window's expiry
      new WatermarkFunction(wiring).handleRequest(Map.of(), null);
      deliver(processor, ticks, sequence, clock.millis());
      return new Result(
          bundles,
          wiring.engine().counters().elements(),
          outputs.get(),
          wiring.engine().counters().eventTimersFired(),
          wiring.engine().counters().processingTimersFired(),
          (System.nanoTime() - start) / 1_000_000);
    } finally {
      if (typed != pipeline) {
        wiring.engine().close(); // tears down the copy of the DoFn, never the handler's own
      }
    }
  }

  /** Hands the ticks sent so far to the processor, as one batch; returns the last sequence. */
  private static long deliver(
      ProcessorFunction processor, List<KeyTick> ticks, long sequence, long now) {
    if (ticks.isEmpty()) {
      return sequence;
    }
    List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>();
    for (KeyTick tick : ticks) {
      records.add(record(++sequence, tick.partitionKey(), tick.encode(), now));
    }
    ticks.clear();
    KinesisEvent event = new KinesisEvent();
    event.setRecords(records);
    processor.handleRequest(event, null);
    return sequence;
  }

  private static KinesisEvent.KinesisEventRecord record(
      long sequence, String partitionKey, byte[] data, long now) {
    String sequenceNumber = String.format("%056d", sequence);
    KinesisEvent.Record kinesis = new KinesisEvent.Record();
    kinesis.setSequenceNumber(sequenceNumber);
    kinesis.setPartitionKey(partitionKey);
    kinesis.setData(ByteBuffer.wrap(data));
    kinesis.setApproximateArrivalTimestamp(new Date(now));
    KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
    record.setEventID(SHARD + ":" + sequenceNumber);
    record.setKinesis(kinesis);
    return record;
  }

  /**
   * The partition key a sample is written with: its key's, where the key is in the data; any fixed
   * one for pipelines keyed by the partition key (it becomes the sample's key).
   */
  private static String primingPartitionKey(WeirPipeline<?, ?, ?> pipeline, byte[] sample) {
    String partitionKey = pipeline.partitionKeyOfRecord(sample);
    return partitionKey.isEmpty() || partitionKey.equals(WeirPipeline.UNDECODABLE_PARTITION_KEY)
        ? "priming"
        : partitionKey;
  }

  /**
   * The pipeline with a serialized copy of its DoFn (as Beam runners make them), so that priming
   * neither shares instance fields with the handler's DoFn nor tears it down; the pipeline itself
   * if the DoFn does not serialize.
   */
  private static <K, V, O> WeirPipeline<K, V, O> isolated(WeirPipeline<K, V, O> pipeline) {
    try {
      WeirPipeline.Builder<K, V, O> copy = WeirPipeline.<K, V, O>builder(pipeline.name());
      if (pipeline.keyedByValues()) {
        copy.input(pipeline.decoder(), pipeline.valueCoder())
            .key(pipeline::keyOf, pipeline.keyCoder())
            .eventTime(pipeline::timestampOf);
      } else {
        copy.records(pipeline.parser(), pipeline.keyCoder(), pipeline.valueCoder());
      }
      return copy.partitionKey(pipeline::partitionKeyOf)
          .windowing(pipeline.windowFn(), pipeline.allowedLateness())
          .watermark(pipeline.watermarkPolicy())
          .doFn(SerializableUtils.clone(pipeline.doFn()), pipeline.outputCoder())
          .build();
    } catch (IllegalArgumentException e) {
      return pipeline;
    }
  }
}
