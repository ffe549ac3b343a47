package dev.weir.local.faults;

import dev.weir.engine.Lanes;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.local.demo.Demo;
import dev.weir.local.demo.DemoSummary;
import dev.weir.local.stack.EmulatedStack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ./weir faults}: rounds on the embedded stack, alternating the batched-RPC pipeline and the
 * event-time-only {@link WindowSumPipeline} and {@link SessionSumPipeline} in turn, each with a
 * random fault plan from the seed, each checked against the invariants of {@link CampaignSummary}
 * (the second also against the outputs its input determines). Fault classes: the processor crashing
 * before or after its work or timing out mid-batch, DynamoDB throttling, a crash right after a
 * DynamoDB request took effect, forced conditional-write and transaction conflicts, the output
 * stream refusing records, duplicate and late scheduler deliveries, forged timer invocations,
 * concurrent sweeps, one to four concurrent invocations per shard, resharding mid-stream, and (in
 * batched-RPC rounds) records written with another partition key than their key's, which must be
 * dead-lettered as such.
 */
public final class FaultCampaign {
  /**
   * What to run.
   *
   * @param faultScale scales every fault rate (1: DynamoDB throttled on up to 4 % of calls, a crash
   *     after up to 2 %, a conditional write or transaction losing a race on up to 10 %, the output
   *     stream refusing up to 10 % of sends, the processor failing up to 30 % of invocations before
   *     or after its work and timing out mid-batch on up to 30 %)
   */
  public record Options(
      int rounds, long seed, int events, Path root, long roundTimeoutMillis, double faultScale) {
    public Options {
      if (rounds < 1 || events < 1) {
        throw new IllegalArgumentException("--rounds and --events must be at least 1");
      }
      if (faultScale < 0 || faultScale > 1) {
        throw new IllegalArgumentException("--fault-scale must be between 0 and 1");
      }
    }
  }

  public static final String MISROUTED = "record-written-with-another-partition-key";

  /** About one event in a hundred, a producer writes with another partition key than its key's. */
  private static String misrouted(Event event, long seed, FaultPlan plan) {
    if (new SplittableRandom(seed ^ event.id()).nextInt(100) != 0) {
      return event.key();
    }
    plan.count(MISROUTED);
    return "elsewhere-" + event.key();
  }

  /** The batched-RPC rounds' keys. */
  private static final List<String> KEYS =
      List.of("user-0", "user-1", "user-2", "user-3", "user-4", "user-5");

  static final String PROCESSOR_CRASH = "processor-crash-before-or-after-work";
  static final String SCHEDULER_DUPLICATE = "scheduler-duplicate-or-late-delivery";

  private FaultCampaign() {}

  public static CampaignSummary run(Options options, PrintStream progress) throws Exception {
    long start = System.currentTimeMillis();
    Totals totals = new Totals();
    for (int round = 0; round < options.rounds(); round++) {
      runRound(options, round, progress, totals);
    }
    return new CampaignSummary(
        options.rounds(),
        totals.faults.values().stream().mapToLong(Long::longValue).sum(),
        totals.faults,
        totals.inputs,
        totals.lost,
        totals.eventsUnderSeveralIds,
        totals.conflictingIds,
        totals.outputRecords,
        totals.distinctOutputIds,
        totals.deadLettered,
        totals.doubleApplied,
        totals.exactRounds,
        totals.exactRoundsMatched,
        totals.stateLeft,
        totals.badInputs,
        totals.falselyLate,
        new CampaignSummary.Lanes(totals.minLanes, totals.maxLanes),
        totals.leasesLeft,
        totals.eventsWithTwoFates,
        totals.windowsUnderSeveralIds,
        System.currentTimeMillis() - start);
  }

  /** What the rounds add up to. */
  private static final class Totals {
    final Map<String, Long> faults = new TreeMap<>();
    final Map<String, Long> deadLettered = new TreeMap<>();
    final Map<String, BadInputs.Outcome> badInputs = new TreeMap<>();
    long falselyLate;
    long inputs;
    long lost;
    long eventsUnderSeveralIds;
    long conflictingIds;
    long outputRecords;
    long distinctOutputIds;
    long doubleApplied;
    long stateLeft;
    int exactRounds;
    int exactRoundsMatched;
    int minLanes = Integer.MAX_VALUE;
    int maxLanes;
    long leasesLeft;
    long eventsWithTwoFates;
    long windowsUnderSeveralIds;

    void lanes(int lanes) {
      minLanes = Math.min(minLanes, lanes);
      maxLanes = Math.max(maxLanes, lanes);
    }

    void add(DemoSummary round) {
      round.deadLetteredByReason().forEach((r, n) -> deadLettered.merge(r, n, Long::sum));
      inputs += round.inputs();
      lost += round.unaccounted();
      eventsUnderSeveralIds += round.eventsUnderSeveralIds();
      conflictingIds += round.conflictingIds();
      outputRecords += round.outputs();
      distinctOutputIds += round.distinctOutputIds();
      stateLeft += round.stateLeft();
      falselyLate += round.falselyLate();
      leasesLeft += round.leasesLeft();
      eventsWithTwoFates += round.outputAndLate() + round.outputAndDeadLettered();
    }

    void add(ExactRound.Result round) {
      round.deadLetteredByReason().forEach((r, n) -> deadLettered.merge(r, n, Long::sum));
      inputs += round.inputs();
      lost += round.lost();
      doubleApplied += round.doubleApplied();
      stateLeft += round.stateLeft();
      falselyLate += round.late(); // nothing in a window-sum round is late by design
      conflictingIds += round.conflictingIds();
      outputRecords += round.outputRecords();
      distinctOutputIds += round.distinctOutputIds();
      exactRounds++;
      exactRoundsMatched += round.matched() ? 1 : 0;
      leasesLeft += round.leasesLeft();
      windowsUnderSeveralIds += round.windowsUnderSeveralIds();
    }

    void addBadInputs(Map<String, BadInputs.Outcome> outcomes) {
      outcomes.forEach((inputClass, outcome) -> badInputs.merge(inputClass, outcome, Totals::sum));
    }

    private static BadInputs.Outcome sum(BadInputs.Outcome a, BadInputs.Outcome b) {
      Map<String, Long> reasons = new TreeMap<>(a.deadLetteredByReason());
      b.deadLetteredByReason().forEach((r, n) -> reasons.merge(r, n, Long::sum));
      return new BadInputs.Outcome(
          a.sent() + b.sent(),
          a.deadLettered() + b.deadLettered(),
          reasons,
          a.late() + b.late(),
          a.output() + b.output(),
          a.inGivenUpTimers() + b.inGivenUpTimers());
    }

    void addFaults(String faultClass, long count) {
      faults.merge(faultClass, count, Long::sum);
    }
  }

  /**
   * Lanes per shard, as Lambda's ParallelizationFactor (the partition key is the pipeline key): the
   * rounds spread from one lane to {@link #MAX_LANES} (so a run of several rounds covers both
   * ends), a single round takes a random number.
   */
  static int lanes(Options options, int round, SplittableRandom random) {
    if (options.rounds() == 1) {
      return 1 + random.nextInt(MAX_LANES);
    }
    return 1 + (int) Math.round(round * (MAX_LANES - 1.0) / (options.rounds() - 1));
  }

  /** Lambda's largest ParallelizationFactor. */
  static final int MAX_LANES = Lanes.MAX_PARALLELIZATION_FACTOR;

  private static void runRound(Options options, int round, PrintStream progress, Totals totals)
      throws Exception {
    long seed = options.seed() * 1_000 + round;
    // SplittableRandom: java.util.Random's first draws barely differ for neighbouring seeds.
    SplittableRandom random = new SplittableRandom(seed);
    double scale = options.faultScale();
    double processorFailures = random.nextDouble() * 0.3 * scale;
    boolean unreliableScheduler = random.nextBoolean();
    int parallelization = lanes(options, round, random);
    totals.lanes(parallelization);
    FaultPlan plan =
        new FaultPlan(
            new FaultPlan.Rates(
                random.nextDouble() * 0.04 * scale,
                random.nextDouble() * 0.02 * scale,
                random.nextDouble() * 0.1 * scale,
                random.nextDouble() * 0.1 * scale,
                random.nextDouble() * 0.3 * scale,
                random.nextDouble() * 0.1 * scale,
                random.nextDouble() * 0.1 * scale),
            stream -> stream.endsWith("-OutputStream"),
            seed);
    // Odd rounds run an event-time-only pipeline, whose outputs the input alone determines: the
    // window sum and the session sum in turn.
    boolean exact = round % 2 == 1;
    ExactRound.Pipeline exactPipeline =
        round % 4 == 1 ? ExactRound.Pipeline.WINDOW_SUM : ExactRound.Pipeline.SESSION_SUM;
    progress.printf(
        Locale.ROOT,
        "weir faults: round %d/%d (seed %d, %s): %d lanes per shard, processor failures %.2f,"
            + " %s scheduler%n",
        round + 1,
        options.rounds(),
        seed,
        exact ? exactPipeline.pipelineName : "batched-rpc",
        parallelization,
        processorFailures,
        unreliableScheduler ? "unreliable" : "reliable");
    if (exact) {
      EmulatedStack.Options stack =
          new EmulatedStack.Options(
              options.root(),
              null,
              1_000,
              unreliableScheduler,
              ExactRound.discard(),
              processorFailures,
              parallelization,
              null,
              exactPipeline.className,
              plan,
              null,
              null);
      // The DoFn itself fails now and then (once per chosen event): its key holds the shard while
      // sweeps run, and the retry must apply the event once, on time.
      TransientDoFnFailures.enable(0.03 * scale, seed);
      ExactRound.Result result;
      try {
        result = ExactRound.run(options, seed, exactPipeline, stack, plan, progress);
      } finally {
        TransientDoFnFailures.disable();
      }
      totals.addFaults(TransientDoFnFailures.DOFN_FAILURE, TransientDoFnFailures.injected());
      progress.println("weir faults: " + result + (result.matched() ? "" : " MISMATCH"));
      totals.add(result);
      plan.injected().forEach(totals::addFaults);
      totals.addFaults(PROCESSOR_CRASH, result.processorCrashes());
      totals.addFaults(SCHEDULER_DUPLICATE, result.schedulerDuplicates());
      return;
    }
    AtomicReference<EmulatedStack> running = new AtomicReference<>();
    AtomicReference<Chaos> chaos = new AtomicReference<>();
    AtomicReference<Map<String, BadInputs.Outcome>> bad = new AtomicReference<>(Map.of());
    List<BadInputs.Sent> badInputs = new ArrayList<>();
    try {
      totals.add(
          Demo.run(
              new Demo.Options(
                  options.events(),
                  KEYS.size(),
                  seed,
                  0.03,
                  null,
                  options.root(),
                  options.roundTimeoutMillis(),
                  unreliableScheduler,
                  processorFailures,
                  parallelization,
                  null),
              progress,
              new Demo.Extras(
                  null,
                  plan,
                  stack -> {
                    running.set(stack);
                    chaos.set(Chaos.start(stack, plan, seed));
                  },
                  stack -> {
                    Resharding.splitThenMerge(stack, plan, new Random(seed));
                    badInputs.addAll(
                        BadInputs.generate(
                            seed,
                            KEYS,
                            Demo.baseMillis(System.currentTimeMillis()),
                            System.currentTimeMillis()));
                    BadInputs.write(stack, badInputs);
                  },
                  event -> misrouted(event, seed, plan),
                  PoisonKeyPipeline.class.getName(),
                  stack -> bad.set(BadInputs.await(stack, badInputs, progress)))));
    } finally {
      plan.disable();
      if (chaos.get() != null) {
        chaos.get().close();
      }
    }
    totals.addBadInputs(bad.get());
    plan.injected().forEach(totals::addFaults);
    totals.addFaults(PROCESSOR_CRASH, running.get().injectedFailures());
    totals.addFaults(SCHEDULER_DUPLICATE, running.get().schedulerDuplicates());
  }
}
