package dev.weir.local.demo;

import dev.weir.engine.EngineCounters;
import dev.weir.functions.adapters.KinesisOutputSink;
import dev.weir.functions.adapters.KinesisWriter;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.EnrichedEventCoder;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.local.latency.AwsLatencyInterceptor;
import dev.weir.local.latency.AwsLatencyModel;
import dev.weir.local.stack.AwsIdentities;
import dev.weir.local.stack.EmulatedStack;
import dev.weir.local.stack.StateAfterExpiry;
import dev.weir.store.dynamodb.RequestCounter;
import dev.weir.store.dynamodb.StoredState;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.beam.sdk.util.CoderUtils;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The demo: generates events for several keys over several minutes of past event time (out of
 * order, some late), streams them into the local input stream, and runs the blog's pipeline until
 * every input is accounted for: output exactly once by id, dropped as late, or dead-lettered; then
 * until every window has expired and left no state.
 */
public final class Demo {
  /**
   * What to run; {@code awsLatency} paces every AWS call of the stack as AWS would answer it
   * ({@code null}: the emulators' own pace).
   */
  public record Options(
      int events,
      int keys,
      long seed,
      double lateFraction,
      URI endpoint,
      Path root,
      long timeoutMillis,
      boolean unreliableScheduler,
      double processorFailureRate,
      int parallelizationFactor,
      AwsLatencyModel awsLatency) {
    public Options {
      if (events < 1 || keys < 1) {
        throw new IllegalArgumentException("--events and --keys must be at least 1");
      }
      if (lateFraction < 0 || lateFraction > 1) {
        throw new IllegalArgumentException("--late-fraction must be between 0 and 1");
      }
    }
  }

  private static final long SPAN_MILLIS = 10 * 60_000;

  private Demo() {}

  /**
   * What a run adds to the plain demo.
   *
   * @param identities run each function as its own identity (on an endpoint that enforces IAM);
   *     {@code null} for the emulators
   * @param faults injects faults into the functions' AWS calls; {@code null} for none
   * @param whileRunning started once the functions run (e.g. more faults from other threads)
   * @param midStream run once, when half of the input is written (e.g. resharding)
   * @param partitionKeyOf the partition key each event is written with (the pipeline's: its key)
   * @param pipelineClass a {@code PipelineProvider} of the batched-RPC pipeline to run instead of
   *     the template's (e.g. with an enrichment service that fails); null for the template's
   * @param afterAccounted run once every generated event is accounted for, before the state check
   *     (e.g. waiting for other records written into the stream)
   */
  public record Extras(
      AwsIdentities identities,
      ExecutionInterceptor faults,
      Consumer<EmulatedStack> whileRunning,
      Consumer<EmulatedStack> midStream,
      Function<Event, String> partitionKeyOf,
      String pipelineClass,
      Consumer<EmulatedStack> afterAccounted) {
    public static final Extras NONE = withIdentities(null);

    /** Nothing added but running each function as its own identity. */
    public static Extras withIdentities(AwsIdentities identities) {
      return new Extras(identities, null, stack -> {}, stack -> {}, Event::key, null, stack -> {});
    }
  }

  public static DemoSummary run(Options options, PrintStream progress) throws Exception {
    return run(options, progress, Extras.NONE);
  }

  public static DemoSummary run(Options options, PrintStream progress, Extras extras)
      throws Exception {
    long start = System.currentTimeMillis();
    progress.println("weir demo: starting the local stack (DynamoDB Local, kinesalite, KCL)...");
    try (EmulatedStack stack =
        EmulatedStack.start(
            new EmulatedStack.Options(
                options.root(),
                options.endpoint(),
                1_000,
                options.unreliableScheduler(),
                new PrintStream(OutputStream.nullOutputStream()),
                options.processorFailureRate(),
                options.parallelizationFactor(),
                extras.identities(),
                extras.pipelineClass(),
                extras.faults(),
                null,
                options.awsLatency()))) {
      if (!stack.pipeline().name().equals(BatchedRpcPipeline.NAME)) {
        throw new IllegalStateException(
            "the demo runs the batched-RPC pipeline, not " + stack.pipeline().name());
      }
      stack.startFunctions();
      extras.whileRunning().accept(stack);
      Generated generated = generate(options, start);
      List<Event> events = generated.events();
      InputAccounting accounting = new InputAccounting(events, generated.lateByDesign());
      produce(stack, events, progress, extras);
      Map<String, EnrichedEvent> outputs = new HashMap<>();
      Map<Long, Set<String>> idsOfEvent = new HashMap<>();
      Set<String> conflictingIds = new HashSet<>();
      long[] outputRecords = {0};
      OutputReader reader = new OutputReader(stack.kinesis(), stack.outputStream());
      long deadline = start + options.timeoutMillis();
      long lastReport = 0;
      while (true) {
        for (KinesisOutputSink.Envelope envelope : reader.poll()) {
          outputRecords[0]++;
          EnrichedEvent value =
              CoderUtils.decodeFromByteArray(
                  EnrichedEventCoder.of(), Base64.getDecoder().decode(envelope.value()));
          EnrichedEvent earlier = outputs.put(envelope.id(), value);
          // The same id must carry the same output: the same event, enriched and batched alike (a
          // replay that rebuilt a batch differently would be two outputs under one id).
          if (earlier != null && !earlier.equals(value)) {
            conflictingIds.add(envelope.id());
          }
          if (accounting.isGenerated(value.event().id())) { // not another record in the stream
            idsOfEvent
                .computeIfAbsent(value.event().id(), id -> new HashSet<>())
                .add(envelope.id());
          }
        }
        InputAccounting.Snapshot accounted =
            accounting.of(stack, idsOfEvent.keySet(), idsOfEvent.size());
        long now = System.currentTimeMillis();
        boolean done = accounted.accounted() >= events.size();
        if (now - lastReport >= 1_000 || done) {
          progress.printf(
              Locale.ROOT,
              "[%5.1fs] inputs %d  output %d  late %d  dead-lettered %d  accounted %d/%d%n",
              (now - start) / 1000.0,
              events.size(),
              idsOfEvent.size(),
              accounted.late(),
              accounted.deadLetters().size(),
              accounted.accounted(),
              events.size());
          lastReport = now;
        }
        if (done || now > deadline) {
          if (done) {
            extras.afterAccounted().accept(stack);
          }
          if (!accounted.falselyLateEvents().isEmpty()) {
            progress.printf(
                "weir demo: %d events generated on time were dropped as late, among them %s%n",
                accounted.falselyLateEvents().size(),
                accounted
                    .falselyLateEvents()
                    .subList(0, Math.min(20, accounted.falselyLateEvents().size())));
          }
          StoredState.Inventory left =
              done ? StateAfterExpiry.await(stack, progress) : stack.storedState();
          stack.awsLatency().ifPresent(pacing -> reportPacing(pacing, progress));
          return summary(
              stack,
              AwsLatencyModel.profileOf(options.awsLatency()),
              events.size(),
              outputRecords[0],
              outputs,
              idsOfEvent,
              conflictingIds.size(),
              accounted,
              left.total(),
              start);
        }
        Thread.sleep(500);
      }
    }
  }

  /** The generated events, and the ids of those sent late on purpose. */
  record Generated(List<Event> events, Set<Long> lateByDesign) {}

  /** Where the demo's ten minutes of event time begin, for a run started at {@code now}. */
  public static long baseMillis(long now) {
    return Math.floorDiv(now - 30 * 60_000, 60_000) * 60_000;
  }

  static Generated generate(Options options, long now) {
    Random random = new Random(options.seed());
    Set<Long> lateByDesign = new HashSet<>();
    long base = baseMillis(now);
    List<Event> events = new ArrayList<>(options.events());
    for (int i = 0; i < options.events(); i++) {
      String key = "user-" + random.nextInt(options.keys());
      long time = base + (long) i * SPAN_MILLIS / options.events() + random.nextInt(6_000) - 3_000;
      if (random.nextDouble() < options.lateFraction()) {
        time = base - 10 * 60_000 + random.nextInt(60_000); // behind every window still open
        lateByDesign.add(i + 1L);
      }
      events.add(new Event(key, i + 1, time, "action-" + i));
    }
    return new Generated(events, lateByDesign);
  }

  /** Writes the first half of {@code events}, runs {@code extras.midStream()}, then the rest. */
  private static void produce(
      EmulatedStack stack, List<Event> events, PrintStream progress, Extras extras) {
    KinesisWriter writer = new KinesisWriter(stack.kinesis(), stack.inputStream());
    int half = events.size() / 2;
    produce(writer, events, 0, half, progress, extras);
    extras.midStream().accept(stack);
    produce(writer, events, half, events.size(), progress, extras);
  }

  private static void produce(
      KinesisWriter writer,
      List<Event> events,
      int from,
      int to,
      PrintStream progress,
      Extras extras) {
    for (int start = from; start < to; start += 500) {
      int end = Math.min(to, start + 500);
      writer.write(entries(events.subList(start, end), extras));
      progress.printf("produced %d/%d events%n", end, events.size());
    }
  }

  private static List<KinesisWriter.Entry> entries(List<Event> events, Extras extras) {
    List<KinesisWriter.Entry> entries = new ArrayList<>();
    for (Event event : events) {
      entries.add(
          new KinesisWriter.Entry(
              extras.partitionKeyOf().apply(event), BatchedRpcPipeline.encode(event)));
    }
    return entries;
  }

  /** What the AWS latency profile added, so a run shows it was paced. */
  private static void reportPacing(AwsLatencyInterceptor pacing, PrintStream progress) {
    progress.printf(
        Locale.ROOT,
        "weir demo: AWS latency profile: %,d calls paced, %.1f s added to the emulators' answers;"
            + " %,d calls were already slower than AWS, by operation %s%n",
        pacing.attempts(),
        pacing.paddedNanos() / 1e9,
        pacing.attemptsSlowerThanModel(),
        pacing.slowerThanModelByOperation());
  }

  private static DemoSummary summary(
      EmulatedStack stack,
      String profile,
      int inputs,
      long outputRecords,
      Map<String, EnrichedEvent> outputs,
      Map<Long, Set<String>> idsOfEvent,
      long conflictingIds,
      InputAccounting.Snapshot accounted,
      long stateLeft,
      long start) {
    double[] flushes = new double[EnrichedEvent.Flush.values().length];
    for (EnrichedEvent output : outputs.values()) {
      flushes[output.flush().ordinal()] += 1.0 / output.batchSize();
    }
    RequestCounter.Usage usage = stack.storeUsage().total();
    Map<String, Long> deadLetteredByReason = new TreeMap<>();
    accounted.deadLetters().forEach(l -> deadLetteredByReason.merge(l.reason(), 1L, Long::sum));
    return new DemoSummary(
        profile,
        inputs,
        outputRecords,
        outputs.size(),
        idsOfEvent.size(),
        idsOfEvent.values().stream().filter(ids -> ids.size() > 1).count(),
        conflictingIds,
        accounted.late(),
        accounted.deadLetters().size(),
        deadLetteredByReason,
        Math.max(0, inputs - accounted.accounted()),
        accounted.falselyLate(),
        accounted.outputAndLate(),
        accounted.outputAndDeadLettered(),
        stateLeft,
        stack.leasesLeft(),
        new DemoSummary.Flushes(
            Math.round(flushes[EnrichedEvent.Flush.SIZE.ordinal()]),
            Math.round(flushes[EnrichedEvent.Flush.STALE.ordinal()]),
            Math.round(flushes[EnrichedEvent.Flush.EXPIRY.ordinal()])),
        new DemoSummary.TimersFired(
            stack.total(EngineCounters::eventTimersFired),
            stack.total(EngineCounters::processingTimersFired)),
        new DemoSummary.Store(usage.requests(), usage.readUnits(), usage.writeUnits()),
        System.currentTimeMillis() - start);
  }
}
