package dev.weir.bench;

import dev.weir.bench.sessions.SessionBenchPipeline;
import dev.weir.bench.stack.Contender;
import dev.weir.bench.stack.StackResult;
import dev.weir.bench.stack.StackRun;
import dev.weir.bench.workload.Workload;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.local.latency.AwsLatencyModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Local-stack runs of chosen workloads and contenders alone, without the engines, cold start and
 * timer parts: for measuring one figure again after a change, in minutes rather than the whole
 * bench's hour. The same runs as the whole bench's (same input, warm-up, sizes and pacing).
 */
public final class FocusedBench {
  /**
   * One run: its pace ({@code "default"} or {@code "awsLatency"}), which workload and contender,
   * which round, and its figures.
   */
  public record Run(
      String profile, String workload, String contender, int round, StackResult result) {}

  private final Path root;
  private final Bench.Sizes sizes;
  private final AwsLatencyModel awsLatency;
  private final PrintStream progress;

  /** As {@link Bench#Bench}: {@code awsLatency} null runs at the emulators' own pace. */
  public FocusedBench(
      Path root, Bench.Sizes sizes, AwsLatencyModel awsLatency, PrintStream progress) {
    this.root = root;
    this.sizes = sizes;
    this.awsLatency = awsLatency;
    this.progress = progress;
  }

  /**
   * {@link Bench.Sizes#stackRounds} runs of each contender on each workload ({@code sessions}: Weir
   * alone, on the session example), after the whole bench's warm-up.
   */
  public List<Run> run(List<String> workloads, List<Contender> contenders) throws Exception {
    StackRun.warmUp(root, awsLatency, progress);
    List<Run> runs = new ArrayList<>();
    for (String name : workloads) {
      Workload workload =
          name.equals("sessions")
              ? Workload.sessions(sizes.stackEvents().get(name))
              : Workload.named(name, sizes.stackEvents().get(name));
      List<Event> events = workload.generate();
      for (int round = 1; round <= sizes.stackRounds(); round++) {
        for (Contender contender : contenders) {
          if (name.equals("sessions") && contender != Contender.WEIR) {
            continue; // no hand-rolled handler keeps sessions
          }
          String label = contender.name().toLowerCase(Locale.ROOT);
          progress.printf(
              "local stack, %s (%,d events): %s, run %d/%d...%n",
              name, events.size(), label, round, sizes.stackRounds());
          StackResult result =
              name.equals("sessions")
                  ? StackRun.runWeir(
                      root,
                      SessionBenchPipeline.class.getName(),
                      workload,
                      events,
                      progress,
                      awsLatency)
                  : StackRun.run(root, workload, events, contender, progress, awsLatency);
          progress.printf(
              Locale.ROOT,
              "  %s %s: %,.0f events/s (one shard's processor: %,.0f, modelled at AWS's pace:"
                  + " %,.0f), %.3f requests and %.3f units per event%n",
              name,
              label,
              result.eventsPerSec(),
              result.shardPace().measured(),
              result.shardPace().modelled(),
              result.requestsPerEvent(),
              result.unitsPerEvent());
          runs.add(new Run(AwsLatencyModel.profileOf(awsLatency), name, label, round, result));
        }
      }
    }
    return runs;
  }
}
