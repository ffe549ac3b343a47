package dev.weir.bench.stack;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.weir.bench.baseline.BaselineTable;
import dev.weir.bench.baseline.CarefulBaselineHandler;
import dev.weir.bench.baseline.NaiveBaselineHandler;
import dev.weir.bench.workload.Workload;
import dev.weir.functions.adapters.KinesisWriter;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.EnrichedEventCoder;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.local.aws.DynamoDbLocalBilling;
import dev.weir.local.stack.EmulatedStack;
import dev.weir.store.dynamodb.RequestCounter;
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
 * mapping starts, so every contender gets the same full 100-record batches; the run ends when every
 * record was handled. Weir's counts (requests, units, handler time and invocations) include what
 * its watermark and timer functions spend meanwhile and for {@link #TIMER_SETTLE_MILLIS} after, so
 * the timers its events set are paid for.
 */
public final class StackRun {
  /**
   * How often the watermark function sweeps here: often enough that the 1 s stale timers fire
   * during the run, rarely enough that sweeping (16 index partitions per domain) does not crowd the
   * one-process emulators; the template's default is once a minute.
   */
  static final long SWEEP_INTERVAL_MILLIS = 5_000;

  static final long TIMER_SETTLE_MILLIS = SWEEP_INTERVAL_MILLIS + 1_000;
  private static final long TIMEOUT_MILLIS = 15 * 60_000;

  private StackRun() {}

  public static StackResult run(
      Path root, Workload workload, List<Event> events, Contender contender, PrintStream progress)
      throws Exception {
    return run(
        EmulatedStack.Options.embedded(root, SWEEP_INTERVAL_MILLIS),
        workload,
        events,
        contender,
        progress);
  }

  /** Weir's functions running {@code pipelineClass} (a {@code PipelineProvider}) on the events. */
  public static StackResult runWeir(
      Path root, String pipelineClass, Workload workload, List<Event> events, PrintStream progress)
      throws Exception {
    return run(
        EmulatedStack.Options.embedded(root, SWEEP_INTERVAL_MILLIS)
            .withPipelineClass(pipelineClass),
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
      RequestCounter counter =
          contender == Contender.WEIR ? stack.storeUsage() : new RequestCounter(DynamoDbLocalBilling.INSTANCE);
      Supplier<RequestHandler<KinesisEvent, StreamsEventResponse>> handlers =
          handlers(stack, contender, counter);
      counter.reset();
      long start = System.nanoTime();
      if (contender == Contender.WEIR) {
        stack.startScheduler();
      }
      stack.startMapping(() -> new TimedHandler(handlers.get(), totals));
      long lastReport = 0;
      while (totals.handled() < events.size()) {
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        if (elapsed > TIMEOUT_MILLIS) {
          throw new IllegalStateException(
              contender + " handled only " + totals.handled() + " of " + events.size());
        }
        if (elapsed - lastReport >= 2_000) {
          progress.printf(
              Locale.ROOT,
              "  %-8s %-4s handled %,d/%,d records%n",
              contender.name().toLowerCase(Locale.ROOT),
              workload.name(),
              totals.handled(),
              events.size());
          lastReport = elapsed;
        }
        Thread.sleep(50);
      }
      double wallSeconds = (System.nanoTime() - start) / 1e9;
      if (contender == Contender.WEIR) {
        Thread.sleep(TIMER_SETTLE_MILLIS);
      }
      RequestCounter.Usage usage = counter.total();
      if (Boolean.getBoolean("weir.bench.perApi")) {
        counter.usage().forEach((api, u) -> progress.printf("    %-28s %s%n", api, u));
      }
      double handlerSeconds = totals.busyNanos.sum() / 1e9;
      double otherSeconds = stack.schedulerInvocationNanos() / 1e9;
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
          wallSeconds);
    }
  }

  private static Supplier<RequestHandler<KinesisEvent, StreamsEventResponse>> handlers(
      EmulatedStack stack, Contender contender, RequestCounter counter) {
    if (contender == Contender.WEIR) {
      return stack::newProcessorFunction;
    }
    DynamoDbClient dynamo = stack.newDynamoClient(counter);
    String table = "baseline-" + UUID.randomUUID().toString().substring(0, 8);
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
