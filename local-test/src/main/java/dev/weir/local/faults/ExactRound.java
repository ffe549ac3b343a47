package dev.weir.local.faults;

import dev.weir.functions.adapters.KinesisOutputSink;
import dev.weir.functions.adapters.KinesisWriter;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.local.demo.OutputReader;
import dev.weir.local.stack.EmulatedStack;
import dev.weir.local.stack.StateAfterExpiry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * One round of an event-time-only pipeline ({@link WindowSumPipeline}, or {@link
 * SessionSumPipeline} on session windows) under faults: its outputs must equal what the input alone
 * determines (the fault-free result, computed here), with no window missing, none counted twice and
 * no id carrying two outputs.
 */
final class ExactRound {
  /** The pipelines whose outputs their input alone determines. */
  enum Pipeline {
    WINDOW_SUM(WindowSumPipeline.NAME, WindowSumPipeline.class.getName()),
    SESSION_SUM(SessionSumPipeline.NAME, SessionSumPipeline.class.getName());

    final String pipelineName;
    final String className;

    Pipeline(String pipelineName, String className) {
      this.pipelineName = pipelineName;
      this.className = className;
    }

    Map<String, String> expected(List<Event> events) {
      return this == WINDOW_SUM ? ExactRound.expected(events) : SessionSumPipeline.expected(events);
    }
  }

  /**
   * What the round found.
   *
   * @param windows the key-windows the input fills
   * @param doubleApplied key-windows output with more events than they have (an event applied
   *     twice)
   * @param lost key-windows output with fewer events than they have, or never output
   * @param late records the pipeline dropped as late, none of which is late by design
   * @param stateLeft cells, timers and items the keys held once every window had expired
   */
  record Result(
      int inputs,
      int windows,
      long doubleApplied,
      long lost,
      long conflictingIds,
      long outputRecords,
      long distinctOutputIds,
      long late,
      Map<String, Long> deadLetteredByReason,
      long processorCrashes,
      long schedulerDuplicates,
      long stateLeft,
      long leasesLeft,
      long windowsUnderSeveralIds) {
    boolean matched() {
      return doubleApplied == 0
          && lost == 0
          && conflictingIds == 0
          && late == 0
          && windowsUnderSeveralIds == 0;
    }
  }

  private ExactRound() {}

  static Result run(
      FaultCampaign.Options options,
      long seed,
      Pipeline pipeline,
      EmulatedStack.Options stackOptions,
      FaultPlan plan,
      PrintStream progress)
      throws Exception {
    long start = System.currentTimeMillis();
    List<Event> events = generate(options.events(), seed, start);
    Map<String, String> expected = pipeline.expected(events);
    try (EmulatedStack stack =
        EmulatedStack.start(stackOptions.withPipelineClass(pipeline.className))) {
      if (!stack.pipeline().name().equals(pipeline.pipelineName)) {
        throw new IllegalStateException(
            "not the " + pipeline.pipelineName + " pipeline: " + stack.pipeline().name());
      }
      // All input first: an idle shard's watermark follows the clock, which would make events
      // written later late by design.
      produce(stack, events, plan, seed);
      stack.startFunctions();
      Chaos chaos = Chaos.start(stack, plan, seed); // runs until closed
      try (chaos) {
        return await(options, stack, expected, events.size(), start, progress);
      } finally {
        plan.disable();
      }
    }
  }

  private static Result await(
      FaultCampaign.Options options,
      EmulatedStack stack,
      Map<String, String> expected,
      int inputs,
      long start,
      PrintStream progress)
      throws Exception {
    OutputReader reader = new OutputReader(stack.kinesis(), stack.outputStream());
    Map<String, String> byId = new HashMap<>();
    Map<String, String> byWindow = new HashMap<>();
    // A key-window's output is one output: emitted again (a replay) it must carry the same id, or a
    // consumer that drops duplicates by id would count the window twice.
    Map<String, Set<String>> idsByWindow = new HashMap<>();
    Set<String> conflicting = new HashSet<>();
    long records = 0;
    long deadline = start + options.roundTimeoutMillis();
    long lastReport = 0;
    while (byWindow.size() < expected.size() && System.currentTimeMillis() < deadline) {
      for (KinesisOutputSink.Envelope envelope : reader.poll()) {
        records++;
        String value =
            CoderUtils.decodeFromByteArray(
                StringUtf8Coder.of(), Base64.getDecoder().decode(envelope.value()));
        String earlier = byId.put(envelope.id(), value);
        if (earlier != null && !earlier.equals(value)) {
          conflicting.add(envelope.id());
        }
        byWindow.put(window(value), value);
        idsByWindow.computeIfAbsent(window(value), w -> new HashSet<>()).add(envelope.id());
      }
      if (System.currentTimeMillis() - lastReport > 5_000) {
        lastReport = System.currentTimeMillis();
        progress.printf(
            "[%5.1fs] windows output %d/%d%n",
            (lastReport - start) / 1000.0, byWindow.size(), expected.size());
      }
      Thread.sleep(250);
    }
    if (byWindow.size() < expected.size()) {
      // What holds the watermark back (a lease, a hold, a prefix not verified) says why.
      progress.printf(
          "weir faults: the round timed out with %d of %d windows output; the input's shards: %s%n",
          byWindow.size(), expected.size(), stack.shardRecords());
    }
    long doubleApplied = 0;
    long lost = 0;
    for (Map.Entry<String, String> window : expected.entrySet()) {
      String actual = byWindow.get(window.getKey());
      long want = count(window.getValue());
      if (actual == null || count(actual) < want) {
        lost++;
      } else if (count(actual) > want || !actual.equals(window.getValue())) {
        doubleApplied++;
      }
    }
    Map<String, Long> deadLettered = new TreeMap<>();
    stack.deadLetters().forEach(l -> deadLettered.merge(l.reason(), 1L, Long::sum));
    long stateLeft =
        byWindow.size() < expected.size()
            ? stack.storedState().total()
            : StateAfterExpiry.await(stack, progress).total();
    return new Result(
        inputs,
        expected.size(),
        doubleApplied,
        lost,
        conflicting.size(),
        records,
        byId.size(),
        stack.lateDropped(),
        deadLettered,
        stack.injectedFailures(),
        stack.schedulerDuplicates(),
        stateLeft,
        stack.leasesLeft(),
        idsByWindow.values().stream().filter(ids -> ids.size() > 1).count());
  }

  /** Events over five minutes of past event time, ending three minutes ago, out of order. */
  static List<Event> generate(int count, long seed, long now) {
    SplittableRandom random = new SplittableRandom(seed);
    long base = now - 8 * 60_000;
    List<Event> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long time = base + (long) i * 5 * 60_000 / count + random.nextInt(20_000) - 10_000;
      events.add(new Event("key-" + random.nextInt(6), i + 1, time, "e" + i));
    }
    return events;
  }

  /** The outputs the input determines, by key and window. */
  static Map<String, String> expected(List<Event> events) {
    long size = WindowSumPipeline.SIZE.getMillis();
    long period = WindowSumPipeline.PERIOD.getMillis();
    Map<String, long[]> sums = new TreeMap<>();
    for (Event event : events) {
      long last = Math.floorDiv(event.eventTimeMillis(), period) * period;
      for (long windowStart = last; windowStart > event.eventTimeMillis() - size; ) {
        long[] sum = sums.computeIfAbsent(event.key() + '|' + windowStart, k -> new long[2]);
        sum[0]++;
        sum[1] += event.id();
        windowStart -= period;
      }
    }
    Map<String, String> expected = new TreeMap<>();
    sums.forEach(
        (window, sum) -> {
          String[] parts = window.split("\\|");
          expected.put(
              window, WindowSumPipeline.output(parts[0], Long.parseLong(parts[1]), sum[0], sum[1]));
        });
    return expected;
  }

  private static String window(String output) {
    String[] parts = output.split("\\|");
    return parts[0] + '|' + parts[1];
  }

  private static long count(String output) {
    return Long.parseLong(output.split("\\|")[2]);
  }

  /** Writes the first half, reshards the stream, writes the rest. */
  private static void produce(EmulatedStack stack, List<Event> events, FaultPlan plan, long seed) {
    KinesisWriter writer = new KinesisWriter(stack.kinesis(), stack.inputStream());
    writer.write(entries(events.subList(0, events.size() / 2)));
    Resharding.splitThenMerge(stack, plan, new Random(seed));
    writer.write(entries(events.subList(events.size() / 2, events.size())));
  }

  private static List<KinesisWriter.Entry> entries(List<Event> events) {
    List<KinesisWriter.Entry> entries = new ArrayList<>();
    for (Event event : events) {
      entries.add(new KinesisWriter.Entry(event.key(), BatchedRpcPipeline.encode(event)));
    }
    return entries;
  }

  /** Metrics nobody reads. */
  static PrintStream discard() {
    return new PrintStream(OutputStream.nullOutputStream());
  }
}
