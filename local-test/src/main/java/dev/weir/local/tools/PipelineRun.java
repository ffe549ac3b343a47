package dev.weir.local.tools;

import dev.weir.functions.adapters.KinesisOutputSink;
import dev.weir.local.demo.OutputReader;
import dev.weir.local.stack.EmulatedStack;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.DeadLetter;
import dev.weir.store.SequenceNumbers;
import dev.weir.store.ShardRecord;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.RequestCounter;
import dev.weir.timer.TimerDomain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Instant;

/**
 * {@code weir run}: any pipeline on the local stack, fed from input lines. Without {@code follow},
 * every line is written to the input stream before the functions start (so a shard is not caught
 * up, and the watermark does not jump to the clock, halfway through the input), and the run ends
 * once the input is consumed, the watermark has passed every window (no event-time timer is left)
 * and the outputs are printed. With {@code follow} it feeds lines as they come until stopped.
 */
public final class PipelineRun {
  /**
   * What to run.
   *
   * @param input lines to read (a file, or standard input), opened when the run needs them
   * @param partitionKeyField the top-level JSON field holding each record's partition key, or null
   *     to take the pipeline's
   * @param dataDir keep the stack's data here (for {@code weir inspect} and later runs), or null
   */
  public record Options(
      Path root,
      String pipelineClass,
      Supplier<BufferedReader> input,
      boolean raw,
      String partitionKeyField,
      URI endpoint,
      Path dataDir,
      boolean follow,
      long timeoutMillis) {}

  /** Progress is shown when a count changes, and at least this often. */
  private static final long PROGRESS_EVERY_MILLIS = 10_000;

  private PipelineRun() {}

  public static RunSummary run(Options options, PrintStream out, PrintStream progress)
      throws Exception {
    long start = System.currentTimeMillis();
    progress.println("weir run: starting the local stack...");
    EmulatedStack.Options stackOptions =
        new EmulatedStack.Options(
            options.root(),
            options.endpoint(),
            1_000,
            false,
            new PrintStream(OutputStream.nullOutputStream()),
            0,
            0,
            null,
            options.pipelineClass(),
            null,
            options.dataDir(),
            null);
    try (EmulatedStack stack = EmulatedStack.start(stackOptions)) {
      return run(stack, stack.pipeline(), options, out, progress, start);
    }
  }

  private static <K, O> RunSummary run(
      EmulatedStack stack,
      WeirPipeline<K, ?, O> pipeline,
      Options options,
      PrintStream out,
      PrintStream progress,
      long start)
      throws Exception {
    DynamoDbStore store =
        new DynamoDbStore(
            stack.newDynamoClient(new RequestCounter()),
            new DynamoDbSchema(stack.resourceName("StateTable"), pipeline.name()));
    OutputReader outputs =
        options.dataDir() != null
            ? OutputReader.fromNow(stack.kinesis(), stack.outputStream())
            : new OutputReader(stack.kinesis(), stack.outputStream());
    OutputLines<K, O> printer = new OutputLines<>(pipeline, out);
    InputLines lines =
        new InputLines(pipeline, options.raw(), options.partitionKeyField(), progress);
    InputWriter writer = new InputWriter(stack.kinesis(), stack.inputStream());
    Progress state = new Progress();
    if (options.follow()) {
      stack.startFunctions();
      Thread feeder = new Thread(() -> feed(options, lines, writer, true, progress), "weir-input");
      feeder.setDaemon(true);
      feeder.start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> // from what is known: the emulators' own hooks are stopping them
                  progress.println(
                          summary(stack, lines, writer, state, state.watermark, -1, false, start)
                              .toJson())));
      progress.println("weir run: following the input; Ctrl-C to stop");
    } else {
      feed(options, lines, writer, false, progress);
      progress.printf(
          "weir run: wrote %d records; running %s%n", writer.written(), pipeline.name());
      stack.startFunctions();
    }
    long deadline = start + options.timeoutMillis();
    long lastProgress = 0;
    String lastCounts = "";
    int finishedChecks = 0;
    while (options.follow() || System.currentTimeMillis() < deadline) {
      print(outputs, printer, state, out);
      if (!options.follow()) {
        // twice in a row, half a second apart: an index read just after a commit may lag it
        finishedChecks = isFinished(store, writer) ? finishedChecks + 1 : 0;
        if (finishedChecks >= 2) {
          print(outputs, printer, state, out); // what the last firings wrote
          return summary(stack, store, lines, writer, state, true, start);
        }
      }
      String counts =
          String.format(
              "%d records in, %d outputs, %d late, %d dead-lettered",
              writer.written(), state.outputs, stack.lateDropped(), stack.deadLetters().size());
      if (!counts.equals(lastCounts)
          || System.currentTimeMillis() - lastProgress >= PROGRESS_EVERY_MILLIS) {
        lastProgress = System.currentTimeMillis();
        lastCounts = counts;
        state.watermark = watermark(store);
        progress.printf("weir run: %s, watermark %s%n", counts, state.watermark);
      }
      Thread.sleep(options.follow() ? 200 : 500);
    }
    progress.printf(
        "weir run: stopped after %d s: the input is not consumed or the watermark has not passed"
            + " every window (a global window never ends; run with --follow to keep going)%n",
        options.timeoutMillis() / 1_000);
    return summary(stack, store, lines, writer, state, false, start);
  }

  private static <O> void print(
      OutputReader outputs, OutputLines<?, O> printer, Progress state, PrintStream out)
      throws IOException {
    for (KinesisOutputSink.Envelope envelope : outputs.poll()) {
      printer.print(envelope);
      state.outputs++;
    }
    out.flush();
  }

  private static void feed(
      Options options,
      InputLines lines,
      InputWriter writer,
      boolean eachLine,
      PrintStream progress) {
    try (BufferedReader reader = options.input().get()) {
      lines.readAll(
          reader,
          line -> {
            writer.add(line);
            if (eachLine) {
              writer.flush(); // someone is typing or piping: send now
            }
          });
      writer.flush();
    } catch (IOException e) {
      progress.println("weir run: cannot read the input: " + e.getMessage());
    }
  }

  /**
   * True once every shard written to has processed up to the last record written to it, the
   * watermark has passed the largest event time seen, and no event-time timer is left to fire
   * before the end of time (the global window's end, where Beam collects its state): every window
   * the input touched has fired and been collected.
   */
  static boolean isFinished(DynamoDbStore store, InputWriter writer) {
    long maxEventTime = Long.MIN_VALUE;
    for (Map.Entry<String, String> written : writer.lastSequenceByShard().entrySet()) {
      Optional<ShardRecord> shard = store.shard(written.getKey());
      if (shard.isEmpty()
          || shard.get().lastSequenceNumber() == null
          || SequenceNumbers.compare(shard.get().lastSequenceNumber(), written.getValue()) < 0) {
        return false;
      }
      maxEventTime = Math.max(maxEventTime, shard.get().maxEventTimeMillis());
    }
    return store.globalWatermark() > maxEventTime
        && store
            .dueTimers(TimerDomain.EVENT_TIME, GlobalWindow.INSTANCE.maxTimestamp().getMillis(), 1)
            .isEmpty();
  }

  private static String watermark(DynamoDbStore store) {
    long millis = store.globalWatermark();
    return millis == Long.MIN_VALUE ? "not yet set" : new Instant(millis).toString();
  }

  private static RunSummary summary(
      EmulatedStack stack,
      DynamoDbStore store,
      InputLines lines,
      InputWriter writer,
      Progress state,
      boolean finished,
      long start) {
    return summary(
        stack,
        lines,
        writer,
        state,
        watermark(store),
        store.dueTimers(TimerDomain.PROCESSING_TIME, Long.MAX_VALUE, 1_000).size(),
        finished,
        start);
  }

  /** {@code pendingProcessingTimers} is -1 where unknown. */
  private static RunSummary summary(
      EmulatedStack stack,
      InputLines lines,
      InputWriter writer,
      Progress state,
      String watermark,
      int pendingProcessingTimers,
      boolean finished,
      long start) {
    Map<String, Long> deadLettered = new TreeMap<>();
    for (DeadLetter letter : stack.deadLetters()) {
      deadLettered.merge(letter.reason(), 1L, Long::sum);
    }
    return new RunSummary(
        lines.read(),
        lines.refused(),
        writer.written(),
        state.outputs,
        stack.lateDropped(),
        deadLettered,
        watermark,
        pendingProcessingTimers,
        finished,
        System.currentTimeMillis() - start);
  }

  /** Counts kept across the loop. */
  private static final class Progress {
    volatile long outputs;
    volatile String watermark = "not yet set";
  }
}
