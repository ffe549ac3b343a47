package dev.weir.bench.coldstart;

import dev.weir.bench.baseline.BaselineTable;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.wiring.WeirEnvironment;
import dev.weir.local.stack.EmulatedStack;
import dev.weir.store.dynamodb.RequestCounter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * Cold starts on the local stack: each measurement is a fresh JVM running {@link ColdStartProbe} on
 * the shaded Lambda jar, from JVM start to the end of its first invocation (100 records, committed;
 * this includes the emulators' latency, which the probe's warm second invocation shows). Medians
 * over {@code runs} JVMs each, plain against plain and primed against primed:
 *
 * <ul>
 *   <li>{@code weir}: the ProcessorFunction as deployed, nothing prepared;
 *   <li>{@code weirPrimed}: what Weir ships for cold starts that can be measured without Lambda, an
 *       AppCDS archive written by a training run that primes on init ({@link
 *       dev.weir.functions.handlers.Priming}, {@value WeirEnvironment#PRIME_ON_INIT}) and handles
 *       its events; on Lambda, SnapStart (which runs the same priming before its snapshot) goes
 *       further;
 *   <li>{@code baseline} and {@code careful}: the hand-rolled {@code NaiveBaselineHandler} and
 *       {@code CarefulBaselineHandler}, from the same jar, on the same URL-connection HTTP client;
 *   <li>{@code carefulPrimed}: the careful handler with an AppCDS archive of its own, written by a
 *       training run of it that handles its events.
 * </ul>
 *
 * <p>Every JVM gets the same flags, {@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1} (what
 * AWS recommends for cold starts and the template sets); only the archive differs. One unmeasured
 * run of each kind first warms the page cache and the local emulators.
 */
public final class ColdStart {
  /** Median milliseconds from JVM start to the end of the first invocation. */
  public record Result(
      long weirMillis,
      long weirPrimedMillis,
      long baselineMillis,
      long carefulMillis,
      long carefulPrimedMillis) {}

  private static final List<String> WEIR = List.of("weir");
  private static final List<String> FLAGS =
      List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Daws.cborEnabled=false");

  private ColdStart() {}

  public static Result measure(EmulatedStack stack, Path repoRoot, int runs)
      throws IOException, InterruptedException {
    return measure(stack, repoRoot, runs, new PrintStream(OutputStream.nullOutputStream()));
  }

  /**
   * As {@link #measure(EmulatedStack, Path, int)}, printing every run's line to {@code progress}.
   */
  public static Result measure(EmulatedStack stack, Path repoRoot, int runs, PrintStream progress)
      throws IOException, InterruptedException {
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be positive, not " + runs);
    }
    Path work = Files.createTempDirectory("weir-coldstart");
    Result result = measure(stack, repoRoot, runs, progress, work);
    try (Stream<Path> files = Files.walk(work)) { // kept when a run failed: its log is named
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
    return result;
  }

  private static Result measure(
      EmulatedStack stack, Path repoRoot, int runs, PrintStream progress, Path work)
      throws IOException, InterruptedException {
    ProbeLauncher launcher =
        new ProbeLauncher(
            work, ProbeLauncher.classpath(repoRoot, work), environment(stack), progress);
    String table = "coldstart-" + UUID.randomUUID().toString().substring(0, 8);
    BaselineTable.create(stack.newDynamoClient(new RequestCounter()), table);
    List<String> baseline = List.of("naive", table);
    List<String> careful = List.of("careful", table);
    Path archive = work.resolve("weir.jsa");
    Path carefulArchive = work.resolve("careful.jsa");

    launcher.run("warm-up", WEIR, FLAGS, Map.of());
    launcher.run("warm-up", baseline, FLAGS, Map.of());
    launcher.run("warm-up", careful, FLAGS, Map.of());
    train(launcher, WEIR, archive, Map.of(WeirEnvironment.PRIME_ON_INIT, "true"));
    train(launcher, careful, carefulArchive, Map.of());
    List<ProbeLauncher.Run> weir = new ArrayList<>();
    List<ProbeLauncher.Run> primed = new ArrayList<>();
    List<ProbeLauncher.Run> baselines = new ArrayList<>();
    List<ProbeLauncher.Run> carefuls = new ArrayList<>();
    List<ProbeLauncher.Run> carefulPrimed = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      weir.add(launcher.run("weir", WEIR, FLAGS, Map.of()));
      primed.add(launcher.run("weirPrimed", WEIR, archived(archive), Map.of()));
      baselines.add(launcher.run("baseline", baseline, FLAGS, Map.of()));
      carefuls.add(launcher.run("careful", careful, FLAGS, Map.of()));
      carefulPrimed.add(launcher.run("carefulPrimed", careful, archived(carefulArchive), Map.of()));
    }
    breakdown(progress, "weir", weir);
    breakdown(progress, "weirPrimed", primed);
    breakdown(progress, "baseline", baselines);
    breakdown(progress, "careful", carefuls);
    breakdown(progress, "carefulPrimed", carefulPrimed);
    return new Result(
        median(weir, ProbeLauncher.Run::total),
        median(primed, ProbeLauncher.Run::total),
        median(baselines, ProbeLauncher.Run::total),
        median(carefuls, ProbeLauncher.Run::total),
        median(carefulPrimed, ProbeLauncher.Run::total));
  }

  /** A training run of {@code args} that writes the class archive {@code archive}. */
  private static void train(
      ProbeLauncher launcher, List<String> args, Path archive, Map<String, String> environment)
      throws IOException, InterruptedException {
    launcher.run("training", args, with(FLAGS, "-XX:ArchiveClassesAtExit=" + archive), environment);
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("the training run wrote no class archive " + archive);
    }
  }

  private static List<String> archived(Path archive) {
    return with(FLAGS, "-XX:SharedArchiveFile=" + archive);
  }

  /** What the template sets (a DLQ that is never used), pointed at the local emulators. */
  private static Map<String, String> environment(EmulatedStack stack) {
    return Map.of(
        WeirEnvironment.PIPELINE_CLASS,
        BatchedRpcPipeline.class.getName(),
        WeirEnvironment.STATE_TABLE,
        stack.resourceName("StateTable"),
        WeirEnvironment.OUTPUT_STREAM,
        stack.outputStream(),
        WeirEnvironment.INPUT_STREAM,
        stack.inputStream(),
        WeirEnvironment.DEAD_LETTER_QUEUE_URL,
        "http://localhost:1/000000000000/dead-letters",
        "AWS_ENDPOINT_URL_DYNAMODB",
        stack.dynamoEndpoint().toString(),
        "AWS_ENDPOINT_URL_KINESIS",
        stack.kinesisEndpoint().toString(),
        "AWS_REGION",
        "us-east-1",
        "AWS_ACCESS_KEY_ID",
        "local",
        "AWS_SECRET_ACCESS_KEY",
        "local");
  }

  private static void breakdown(PrintStream out, String name, List<ProbeLauncher.Run> runs) {
    String parts =
        median(runs, ProbeLauncher.Run::pipeline) < 0
            ? ""
            : String.format(
                " (pipeline %d ms, AWS clients %d ms, engine and adapters %d ms)",
                median(runs, ProbeLauncher.Run::pipeline),
                median(runs, ProbeLauncher.Run::clients),
                median(runs, ProbeLauncher.Run::wiring));
    out.printf(
        "cold start %-10s median %5d ms: JVM start to main %d ms, handler built in %d ms%s,"
            + " first invocation %d ms (a warm one: %d ms); CPU time %d ms%n",
        name,
        median(runs, ProbeLauncher.Run::total),
        median(runs, ProbeLauncher.Run::main),
        median(runs, ProbeLauncher.Run::init),
        parts,
        median(runs, ProbeLauncher.Run::invoke),
        median(runs, ProbeLauncher.Run::warm),
        median(runs, ProbeLauncher.Run::cpu));
  }

  static long median(List<ProbeLauncher.Run> runs, ToLongFunction<ProbeLauncher.Run> part) {
    long[] values = runs.stream().mapToLong(part).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private static List<String> with(List<String> flags, String flag) {
    List<String> all = new ArrayList<>(flags);
    all.add(flag);
    return all;
  }

  /**
   * Measures by hand: starts a local stack (emulators and resources, no functions) on {@code
   * args[0]} (default: the working directory) and runs {@code args[1]} (default 5) of each.
   */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    try (EmulatedStack stack = EmulatedStack.start(EmulatedStack.Options.embedded(root, 1_000))) {
      Result result = measure(stack, root, runs, System.out);
      System.out.println(result);
    }
    System.exit(0);
  }
}
