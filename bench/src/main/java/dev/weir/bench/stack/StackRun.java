package dev.weir.bench.stack;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.weir.bench.baseline.BaselineTable;
import dev.weir.bench.baseline.CarefulBaselineHandler;
import dev.weir.bench.baseline.NaiveBaselineHandler;
import dev.weir.bench.workload.Workload;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.adapters.KinesisWriter;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.EnrichedEventCoder;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.local.aws.DynamoDbLocalBilling;
import dev.weir.local.latency.AwsLatencyInterceptor;
import dev.weir.local.latency.AwsLatencyModel;
import dev.weir.local.stack.EmulatedStack;
import dev.weir.local.stack.StreamTail;
import dev.weir.store.dynamodb.RequestCounter;
import dev.weir.timer.KeyTick;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.beam.sdk.util.CoderUtils;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs one contender over one workload on a fresh local stack (kinesalite, DynamoDB Local, the KCL
 * event-source mapping with the template's batch size): the input is in the stream before the
 * mapping starts, so every contender gets the same full 100-record batches. The run ends when every
 * event was handled, every event's output is on the output stream exactly once and the keys hold no
 * state (every timer fired, every window expired); a contender that gets no further (the baselines
 * leave unfilled buffers and never-expired items) ends once nothing more comes, with what it left
 * ({@link StackResult.WorkLeft}). Weir's counts (requests, units, handler time and invocations)
 * include what its watermark and timer functions spend until the run ends, so the timers its events
 * set are paid for. DynamoDB units are counted as AWS would bill them ({@link
 * DynamoDbLocalBilling}).
 */
public final class StackRun {
  /**
   * How often the watermark function sweeps here: often enough that the 1 s stale timers fire
   * during the run, rarely enough that sweeping (16 index partitions per domain) does not crowd the
   * one-process emulators; the template's default is once a minute.
   */
  static final long SWEEP_INTERVAL_MILLIS = 5_000;

  private static final long TIMEOUT_MILLIS = 15 * 60_000;

  /** How long, once every event is handled, outputs and expiring state may take. */
  private static final long SETTLE_TIMEOUT_MILLIS = 180_000;

  /** Events of the untimed warm-up runs. */
  private static final int WARM_UP_EVENTS = 1_000;

  private StackRun() {}

  /**
   * One untimed run of every contender on a small workload: DynamoDB Local (one server for the
   * whole JVM) and the mapping's classes are warm before the first timed run, whoever runs it.
   */
  public static void warmUp(Path root, AwsLatencyModel awsLatency, PrintStream progress)
      throws Exception {
    Workload workload = Workload.medium(WARM_UP_EVENTS);
    List<Event> events = workload.generate();
    for (Contender contender : Contender.values()) {
      progress.printf(
          "local stack: warming up with %s...%n", contender.name().toLowerCase(Locale.ROOT));
      run(
          root,
          workload,
          events,
          contender,
          new PrintStream(OutputStream.nullOutputStream()),
          awsLatency);
    }
  }

  /** {@code contender} on the events; {@code awsLatency} paces the stack's calls (null: not). */
  public static StackResult run(
      Path root,
      Workload workload,
      List<Event> events,
      Contender contender,
      PrintStream progress,
      AwsLatencyModel awsLatency)
      throws Exception {
    return run(
        EmulatedStack.Options.embedded(root, SWEEP_INTERVAL_MILLIS).withAwsLatency(awsLatency),
        workload,
        events,
        contender,
        progress);
  }

  /** Weir's functions running {@code pipelineClass} (a {@code PipelineProvider}) on the events. */
  public static StackResult runWeir(
      Path root,
      String pipelineClass,
      Workload workload,
      List<Event> events,
      PrintStream progress,
      AwsLatencyModel awsLatency)
      throws Exception {
    return run(
        EmulatedStack.Options.embedded(root, SWEEP_INTERVAL_MILLIS)
            .withPipelineClass(pipelineClass)
            .withAwsLatency(awsLatency),
        workload,
        events,
        Contender.WEIR,
        progress);
  }

  private static StackResult run(
      EmulatedStack.Options options,
      Workload workload,
      List<Event> events,
      Contender contender,
      PrintStream progress)
      throws Exception {
    try (EmulatedStack stack = EmulatedStack.start(options)) {
      produce(stack, events);
      TimedHandler.Totals totals = new TimedHandler.Totals();
      boolean weir = contender == Contender.WEIR;
      RequestCounter counter =
          weir ? stack.storeUsage() : new RequestCounter(DynamoDbLocalBilling.INSTANCE);
      String table = weir ? null : "baseline-" + UUID.randomUUID().toString().substring(0, 8);
      Supplier<RequestHandler<KinesisEvent, StreamsEventResponse>> handlers =
          handlers(stack, contender, counter, table);
      OutputAccounting outputs =
          new OutputAccounting(
              stack.kinesis(),
              stack.outputStream(),
              weir,
              stack.pipeline().name().equals(BatchedRpcPipeline.NAME),
              events.size());
      String label = contender.name().toLowerCase(Locale.ROOT) + " " + workload.name();
      counter.reset();
      long start = System.nanoTime();
      if (weir) {
        stack.startScheduler();
      }
      AwsLatencyInterceptor latency = stack.awsLatency().orElse(null);
      stack.startMapping(
          () -> new TimedHandler(handlers.get(), totals, latency, WeirEngine.COMMITS_IN_FLIGHT));
      awaitHandled(totals, events.size(), start, label, progress);
      StackResult.WorkLeft left;
      try (DynamoDbClient checks = stack.newDynamoClient(new RequestCounter())) {
        left = settle(stack, checks, table, outputs, label, progress);
      }
      double wallSeconds = (System.nanoTime() - start) / 1e9;
      RequestCounter.Usage usage = counter.total();
      if (Boolean.getBoolean("weir.bench.perApi")) {
        counter.usage().forEach((api, u) -> progress.printf("    %-28s %s%n", api, u));
      }
      double handlerSeconds = totals.busyNanos.sum() / 1e9;
      double otherSeconds = stack.schedulerInvocationNanos() / 1e9;
      double watermarkSeconds = stack.watermarkInvocationNanos() / 1e9;
      long[] input = inputRecords(stack);
      double n = events.size();
      return new StackResult(
          events.size(),
          totals.steadyRate(otherSeconds),
          usage.requests() / n,
          usage.readUnits() / n,
          usage.writeUnits() / n,
          usage.units() / n,
          totals.invocations.sum(),
          handlerSeconds,
          otherSeconds,
          stack.schedulerInvocations(),
          wallSeconds,
          weir
              ? new StackResult.Scheduled(
                  SWEEP_INTERVAL_MILLIS / 1e3,
                  watermarkSeconds,
                  stack.watermarkInvocations(),
                  otherSeconds - watermarkSeconds,
                  stack.schedulerInvocations() - stack.watermarkInvocations())
              : StackResult.Scheduled.NONE,
          new StackResult.Records(
              input[0], input[1], outputs.records(), input[2] + outputs.putPayloadUnits()),
          left,
          totals.shardPace());
    }
  }

  /** Waits until every event was handled (ticks are not events). */
  private static void awaitHandled(
      TimedHandler.Totals totals, int events, long start, String label, PrintStream progress)
      throws InterruptedException {
    long lastReport = 0;
    while (totals.handled() < events) {
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      if (elapsed > TIMEOUT_MILLIS) {
        throw new IllegalStateException(
            label + " handled only " + totals.handled() + " of " + events + " events");
      }
      if (elapsed - lastReport >= 2_000) {
        progress.printf(
            Locale.ROOT, "  %-12s handled %,d/%,d events%n", label, totals.handled(), events);
        lastReport = elapsed;
      }
      Thread.sleep(50);
    }
  }

  /**
   * Waits until every event's output is on the output stream once and the keys hold nothing; or
   * until no output came and the state stayed the same for two polls in a row, for Weir once its
   * keys hold nothing (its outputs precede its commits, so none is still coming), for a baseline at
   * once (it has no timers: nothing more will come); or {@link #SETTLE_TIMEOUT_MILLIS}.
   */
  private static StackResult.WorkLeft settle(
      EmulatedStack stack,
      DynamoDbClient checks,
      String table,
      OutputAccounting outputs,
      String label,
      PrintStream progress)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MILLIS;
    long lastLeft = -1;
    int quiet = 0;
    long lastReport = System.currentTimeMillis();
    while (true) {
      int read = outputs.poll();
      long left = table == null ? stack.storedState().total() : BaselineTable.items(checks, table);
      quiet = read == 0 && left == lastLeft ? quiet + 1 : 0;
      lastLeft = left;
      boolean done = left == 0 && outputs.everyEventOutputOnce();
      // Weir's keys hold state until their timers fire: it is done once they hold none and its
      // outputs stopped; a baseline, which has no timers, once nothing changes.
      boolean stuck = quiet >= 2 && (table != null || left == 0);
      if (done || stuck || System.currentTimeMillis() > deadline) {
        StackResult.WorkLeft work =
            new StackResult.WorkLeft(left, outputs.eventsNeverOutput(), outputs.duplicateOutputs());
        if (!work.none()) {
          progress.printf("  %-12s left work undone: %s%n", label, work);
        }
        return work;
      }
      if (System.currentTimeMillis() - lastReport >= 5_000) {
        progress.printf(
            Locale.ROOT,
            "  %-12s %,d items left, %,d events not output yet%n",
            label,
            left,
            outputs.eventsNeverOutput());
        lastReport = System.currentTimeMillis();
      }
      Thread.sleep(1_000);
    }
  }

  /** The input stream's event records, tick records and their PUT payload units. */
  private static long[] inputRecords(EmulatedStack stack) {
    long[] counts = new long[3];
    for (byte[] data : new StreamTail(stack.kinesis(), stack.inputStream()).poll()) {
      counts[KeyTick.isTick(data) ? 1 : 0]++;
      counts[2] += KinesisPricing.putPayloadUnits(data.length);
    }
    return counts;
  }

  private static Supplier<RequestHandler<KinesisEvent, StreamsEventResponse>> handlers(
      EmulatedStack stack, Contender contender, RequestCounter counter, String table) {
    if (contender == Contender.WEIR) {
      return stack::newProcessorFunction;
    }
    DynamoDbClient dynamo = stack.newDynamoClient(counter);
    BaselineTable.create(dynamo, table);
    Consumer<List<EnrichedEvent>> outputs = outputWriter(stack);
    return contender == Contender.NAIVE
        ? () -> new NaiveBaselineHandler(dynamo, table, outputs)
        : () -> new CarefulBaselineHandler(dynamo, table, outputs);
  }

  /** The baselines write their outputs to the output stream as Weir does. */
  private static Consumer<List<EnrichedEvent>> outputWriter(EmulatedStack stack) {
    KinesisWriter writer = new KinesisWriter(stack.kinesis(), stack.outputStream());
    return outputs -> {
      List<KinesisWriter.Entry> entries = new ArrayList<>(outputs.size());
      for (EnrichedEvent output : outputs) {
        try {
          entries.add(
              new KinesisWriter.Entry(
                  output.event().key(),
                  CoderUtils.encodeToByteArray(EnrichedEventCoder.of(), output)));
        } catch (org.apache.beam.sdk.coders.CoderException e) {
          throw new IllegalStateException("cannot encode " + output, e);
        }
      }
      writer.write(entries);
    };
  }

  private static void produce(EmulatedStack stack, List<Event> events) {
    KinesisWriter writer = new KinesisWriter(stack.kinesis(), stack.inputStream());
    for (int start = 0; start < events.size(); start += 500) {
      List<KinesisWriter.Entry> entries = new ArrayList<>(500);
      for (Event event : events.subList(start, Math.min(events.size(), start + 500))) {
        entries.add(new KinesisWriter.Entry(event.key(), BatchedRpcPipeline.encode(event)));
      }
      writer.write(entries);
    }
  }
}
