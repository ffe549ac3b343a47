package dev.weir.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.bench.Bench;
import dev.weir.bench.FocusedBench;
import dev.weir.bench.report.BenchReport;
import dev.weir.bench.report.HtmlReport;
import dev.weir.bench.report.ReportTable;
import dev.weir.bench.stack.Contender;
import dev.weir.local.latency.AwsLatencyModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code weir bench}: Weir side by side with the alternatives, in one run on this machine. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures Weir against the Beam DirectRunner, Flink and hand-rolled Lambda handlers:",
      "throughput, DynamoDB requests and capacity units, cold start, timer lag and cost.",
      "Tables go to stderr, with the path of an HTML report with charts (in target/bench);",
      "the last line of stdout is the whole report as JSON."
    })
public final class BenchCommand implements Callable<Integer> {
  private static final List<String> STACK_WORKLOADS = List.of("hot", "medium", "wide", "sessions");

  @Spec CommandSpec spec;

  @Option(names = "--quick", description = "smaller runs: under five minutes")
  boolean quick;

  @Option(
      names = "--aws-latency",
      description = {
        "pace every AWS call of the local stack as AWS would answer it in region (the README's",
        "model): throughput per shard at AWS's pace; the emulators' CPU may still be the limit"
      })
  boolean awsLatency;

  @Option(
      names = "--workload",
      split = ",",
      paramLabel = "NAME",
      description = {
        "only the local-stack runs of these workloads (${COMPLETION-CANDIDATES}), after the",
        "usual warm-up; no engines, cold start, timers or report: each run's figures are a",
        "JSON line on stdout. For measuring one figure again after a change"
      },
      completionCandidates = Workloads.class)
  List<String> workloads = new ArrayList<>();

  @Option(
      names = "--contender",
      split = ",",
      paramLabel = "NAME",
      description = "with --workload: only these contenders (weir, naive, careful); default all")
  List<String> contenders = new ArrayList<>();

  /** The workloads {@code --workload} takes, for the help text. */
  static final class Workloads extends ArrayList<String> {
    Workloads() {
      super(STACK_WORKLOADS);
    }
  }

  @Override
  public Integer call() throws Exception {
    Path root = Path.of(System.getProperty("weir.root", ".")).toAbsolutePath().normalize();
    AwsLatencyModel latency = awsLatency ? AwsLatencyModel.inRegion() : null;
    if (!workloads.isEmpty() || !contenders.isEmpty()) {
      return focused(root, latency);
    }
    BenchReport report = new Bench(root, Bench.Sizes.of(quick), latency, System.err).run();
    ReportTable.print(report, System.err);
    try {
      Path html = HtmlReport.write(report, root.resolve("target").resolve("bench"), Instant.now());
      System.err.println("weir bench: report written to " + html);
    } catch (IOException e) {
      // the run's numbers still reach stdout as JSON: a lost page must not lose an hour's run
      System.err.println("weir bench: could not write the HTML report: " + e);
    }
    System.out.println(new ObjectMapper().writeValueAsString(report));
    return 0;
  }

  private int focused(Path root, AwsLatencyModel latency) throws Exception {
    if (workloads.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--contender needs --workload: which workloads to run it on");
    }
    for (String workload : workloads) {
      if (!STACK_WORKLOADS.contains(workload)) {
        throw new ParameterException(
            spec.commandLine(),
            "unknown workload '" + workload + "': one of " + String.join(", ", STACK_WORKLOADS));
      }
    }
    List<Contender> chosen = new ArrayList<>();
    for (String name : contenders.isEmpty() ? List.of("weir", "naive", "careful") : contenders) {
      chosen.add(contender(name));
    }
    ObjectMapper json = new ObjectMapper();
    for (FocusedBench.Run run :
        new FocusedBench(root, Bench.Sizes.of(quick), latency, System.err).run(workloads, chosen)) {
      System.out.println(json.writeValueAsString(run));
    }
    return 0;
  }

  private Contender contender(String name) {
    for (Contender contender : Contender.values()) {
      if (contender.name().equalsIgnoreCase(name)) {
        return contender;
      }
    }
    throw new ParameterException(
        spec.commandLine(), "unknown contender '" + name + "': one of weir, naive, careful");
  }
}
