package dev.weir.bench;

import dev.weir.bench.coldstart.ColdStart;
import dev.weir.bench.engine.DirectRunnerThroughput;
import dev.weir.bench.engine.EngineContender;
import dev.weir.bench.engine.EngineProtocol;
import dev.weir.bench.engine.FlinkThroughput;
import dev.weir.bench.engine.StreamRecord;
import dev.weir.bench.engine.WeirEngineThroughput;
import dev.weir.bench.report.BenchReport;
import dev.weir.bench.report.CostModel;
import dev.weir.bench.report.Targets;
import dev.weir.bench.sessions.SessionBenchPipeline;
import dev.weir.bench.stack.Contender;
import dev.weir.bench.stack.StackResult;
import dev.weir.bench.stack.StackRun;
import dev.weir.bench.timers.TimerLagResult;
import dev.weir.bench.timers.TimerLagRun;
import dev.weir.bench.workload.Workload;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.local.latency.AwsLatencyModel;
import dev.weir.local.stack.EmulatedStack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs every part of {@code ./weir bench} in order and gathers the report. */
public final class Bench {
  private static final String MEDIAN = "median";

  /** The workloads, in the order they run. */
  public static final List<String> WORKLOADS = List.of("hot", "medium", "wide");

  /**
   * How big each part is.
   *
   * @param engineEvents events per engine run (Weir's engine and Flink)
   * @param directRunnerEvents events for the DirectRunner (the first of the same), which is far
   *     slower
   * @param engineRounds timed runs per engine contender (after one untimed warm-up run)
   * @param stackRounds runs per contender and workload on the local stack
   * @param stackEvents events per contender run on the local stack, per workload
   * @param timers processing-time (and as many event-time) timers in the timer runs
   * @param coldStarts fresh JVMs per cold-start figure (the median is reported)
   */
  public record Sizes(
      boolean quick,
      int engineEvents,
      int directRunnerEvents,
      int engineRounds,
      int stackRounds,
      Map<String, Integer> stackEvents,
      int timers,
      int coldStarts) {
    public static Sizes of(boolean quick) {
      return quick
          ? new Sizes(
              true,
              50_000,
              10_000,
              3,
              1,
              Map.of("hot", 3_000, "medium", 3_000, "wide", 2_000, "sessions", 3_000),
              10_000,
              1)
          : new Sizes(
              false,
              200_000,
              30_000,
              3,
              3,
              Map.of("hot", 20_000, "medium", 20_000, "wide", 10_000, "sessions", 10_000),
              10_000,
              3);
    }
  }

  private final Path root;
  private final Sizes sizes;
  private final AwsLatencyModel awsLatency;
  private final PrintStream progress;

  /**
   * @param awsLatency pace every AWS call of the local stack's runs as AWS would answer it; {@code
   *     null} at the emulators' own pace. The engine runs (in memory), the cold start (its own
   *     JVMs) and the timer runs (a virtual clock) make no AWS call it would pace.
   */
  public Bench(Path root, Sizes sizes, AwsLatencyModel awsLatency, PrintStream progress) {
    this.root = root;
    this.sizes = sizes;
    this.awsLatency = awsLatency;
    this.progress = progress;
  }

  public BenchReport run() throws Exception {
    long start = System.nanoTime();
    Map<String, BenchReport.DirectRunnerRuns> direct = new LinkedHashMap<>();
    Map<String, BenchReport.FlinkRuns> flink = new LinkedHashMap<>();
    for (String name : WORKLOADS) {
      engines(Workload.named(name, sizes.engineEvents()), direct, flink);
    }
    StackRun.warmUp(root, awsLatency, progress);
    List<BenchReport.WorkloadReport> workloads = new ArrayList<>();
    for (int i = 0; i < WORKLOADS.size(); i++) {
      String name = WORKLOADS.get(i);
      workloads.add(stack(Workload.named(name, sizes.stackEvents().get(name)), i));
    }
    BenchReport.SessionsReport sessions =
        sessions(Workload.sessions(sizes.stackEvents().get("sessions")));
    progress.println("cold start: fresh JVMs to the first committed bundle...");
    ColdStart.Result cold;
    try (EmulatedStack stack = EmulatedStack.start(EmulatedStack.Options.embedded(root, 1_000))) {
      cold = ColdStart.measure(stack, root, sizes.coldStarts(), progress);
    }
    progress.println("timers: firing lag and Scheduler calls on a virtual clock...");
    TimerLagResult ticks = TimerLagRun.run("sweeper ticks every second", sizes.timers(), 1_000);
    TimerLagResult minute = TimerLagRun.run("template default", sizes.timers(), 60_000);
    BenchReport.WorkloadReport hot = workloads.get(0);
    BenchReport partial =
        new BenchReport(
            sizes.quick(),
            AwsLatencyModel.profileOf(awsLatency),
            workloads,
            sessions,
            new BenchReport.VersusDirectRunner(
                direct.get("hot").weir(),
                direct.get("hot").directRunner(),
                direct.get("hot").ratio(),
                direct),
            new BenchReport.VersusFlink(
                flink.get("hot").weir(), flink.get("hot").flink(), flink.get("hot").ratio(), flink),
            new BenchReport.ColdStartMillis(
                cold.weirMillis(),
                cold.weirPrimedMillis(),
                cold.baselineMillis(),
                cold.carefulMillis(),
                cold.carefulPrimedMillis()),
            new BenchReport.TimerLagMillis(
                ticks.eventTimeP50(),
                ticks.eventTimeP99(),
                ticks.processingTimeP50(),
                ticks.processingTimeP99(),
                ticks.sweepIntervalMillis(),
                Map.of(
                    "eventTimeP50", minute.eventTimeP50(),
                    "eventTimeP99", minute.eventTimeP99(),
                    "processingTimeP50", minute.processingTimeP50(),
                    "processingTimeP99", minute.processingTimeP99())),
            Math.max(ticks.schedulerCallsPerTimer(), minute.schedulerCallsPerTimer()),
            new BenchReport.Cost(
                hot.weir().costPerMillionEventsUsd(),
                hot.baseline().costPerMillionEventsUsd(),
                hot.careful().costPerMillionEventsUsd(),
                CostModel.describe()),
            Map.of(),
            (System.nanoTime() - start) / 1e9);
    return Targets.judge(partial);
  }

  /**
   * The engine contenders on one workload under {@link EngineProtocol}: Weir's engine and Flink on
   * the same events, the DirectRunner (checks on and off) on the first of them.
   */
  private void engines(
      Workload workload,
      Map<String, BenchReport.DirectRunnerRuns> direct,
      Map<String, BenchReport.FlinkRuns> flink)
      throws Exception {
    List<StreamRecord> events = StreamRecord.of(workload.generate());
    List<StreamRecord> directEvents =
        events.subList(0, Math.min(events.size(), sizes.directRunnerEvents()));
    Map<String, EngineProtocol.Measured> measured;
    try (EngineContender weir = WeirEngineThroughput.contender();
        EngineContender directRunner = DirectRunnerThroughput.contender(true);
        EngineContender directRunnerNoChecks = DirectRunnerThroughput.contender(false);
        EngineContender flinkContender = FlinkThroughput.contender()) {
      measured =
          EngineProtocol.measure(
              List.of(weir, directRunner, directRunnerNoChecks, flinkContender),
              c -> c.name().startsWith("directRunner") ? directEvents : events,
              sizes.engineRounds(),
              workload.name(),
              progress);
    }
    EngineProtocol.Measured w = measured.get("weir");
    EngineProtocol.Measured d = measured.get("directRunner");
    EngineProtocol.Measured n = measured.get("directRunnerNoChecks");
    EngineProtocol.Measured f = measured.get("flink");
    direct.put(
        workload.name(),
        new BenchReport.DirectRunnerRuns(
            w.eventsPerSec(),
            d.eventsPerSec(),
            w.eventsPerSec() / d.eventsPerSec(),
            n.eventsPerSec(),
            w.eventsPerSec() / n.eventsPerSec(),
            w.events(),
            d.events(),
            w.runs(),
            d.runs(),
            n.runs(),
            MEDIAN));
    flink.put(
        workload.name(),
        new BenchReport.FlinkRuns(
            w.eventsPerSec(),
            f.eventsPerSec(),
            w.eventsPerSec() / f.eventsPerSec(),
            w.events(),
            w.runs(),
            f.runs(),
            MEDIAN));
  }

  /**
   * The contenders on one workload, {@link Sizes#stackRounds} times each, their order rotated every
   * round (and by {@code rotation} across workloads); each measure is the median over the rounds.
   */
  private BenchReport.WorkloadReport stack(Workload workload, int rotation) throws Exception {
    List<Event> events = workload.generate();
    Map<Contender, List<StackResult>> runs = new EnumMap<>(Contender.class);
    for (int round = 0; round < sizes.stackRounds(); round++) {
      List<Contender> order = new ArrayList<>(List.of(Contender.values()));
      java.util.Collections.rotate(order, -(rotation + round));
      for (Contender contender : order) {
        progress.printf(
            "local stack, %s (%,d events, %,d keys): %s, run %d/%d...%n",
            workload.name(),
            events.size(),
            workload.keys(),
            contender.name().toLowerCase(),
            round + 1,
            sizes.stackRounds());
        runs.computeIfAbsent(contender, c -> new ArrayList<>())
            .add(StackRun.run(root, workload, events, contender, progress, awsLatency));
      }
    }
    StackResult weir = StackResult.median(runs.get(Contender.WEIR));
    StackResult naive = StackResult.median(runs.get(Contender.NAIVE));
    StackResult careful = StackResult.median(runs.get(Contender.CAREFUL));
    return new BenchReport.WorkloadReport(
        workload.name(),
        workload.keys(),
        events.size(),
        workload.meanRecordBytes(),
        contender(weir, runs.get(Contender.WEIR)),
        contender(naive, runs.get(Contender.NAIVE)),
        contender(careful, runs.get(Contender.CAREFUL)),
        new BenchReport.Ratios(
            weir.eventsPerSec() / naive.eventsPerSec(),
            weir.eventsPerSec() / careful.eventsPerSec(),
            naive.unitsPerEvent() / weir.unitsPerEvent(),
            careful.unitsPerEvent() / weir.unitsPerEvent()));
  }

  /** The session example's DoFn, Weir alone, {@link Sizes#stackRounds} times; the median. */
  private BenchReport.SessionsReport sessions(Workload workload) throws Exception {
    List<Event> events = workload.generate();
    List<StackResult> runs = new ArrayList<>();
    for (int round = 0; round < sizes.stackRounds(); round++) {
      progress.printf(
          "local stack, sessions (%,d events, %,d users, %d s gap): weir, run %d/%d...%n",
          events.size(),
          workload.keys(),
          SessionBenchPipeline.GAP.getStandardSeconds(),
          round + 1,
          sizes.stackRounds());
      runs.add(
          StackRun.runWeir(
              root, SessionBenchPipeline.class.getName(), workload, events, progress, awsLatency));
    }
    return new BenchReport.SessionsReport(
        workload.name(),
        workload.keys(),
        events.size(),
        SessionBenchPipeline.GAP.getStandardSeconds(),
        contender(StackResult.median(runs), runs));
  }

  private static BenchReport.Contender contender(StackResult result, List<StackResult> runs) {
    return new BenchReport.Contender(
        result.eventsPerSec(),
        result.requestsPerEvent(),
        result.unitsPerEvent(),
        result.readUnitsPerEvent(),
        result.writeUnitsPerEvent(),
        CostModel.perMillionEvents(result),
        result.wallSeconds(),
        result.handlerSeconds(),
        result.invocations(),
        result.otherFunctionSeconds(),
        result.otherFunctionInvocations(),
        result.records().ticks(),
        result.records().outputs(),
        CostModel.breakdown(result),
        result.left().stateLeft(),
        result.left().eventsNeverOutput(),
        result.left().duplicateOutputs(),
        runs.stream().map(StackResult::eventsPerSec).toList(),
        MEDIAN,
        result.shardPace());
  }
}
