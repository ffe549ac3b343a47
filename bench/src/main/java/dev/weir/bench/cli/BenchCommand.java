package dev.weir.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.bench.Bench;
import dev.weir.bench.report.BenchReport;
import dev.weir.bench.report.HtmlReport;
import dev.weir.bench.report.ReportTable;
import dev.weir.local.latency.AwsLatencyModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
  @Option(names = "--quick", description = "smaller runs: under five minutes")
  boolean quick;

  @Option(
      names = "--aws-latency",
      description = {
        "pace every AWS call of the local stack as AWS would answer it in region (the README's",
        "model): throughput per shard at AWS's pace; the emulators' CPU may still be the limit"
      })
  boolean awsLatency;

  @Override
  public Integer call() throws Exception {
    Path root = Path.of(System.getProperty("weir.root", ".")).toAbsolutePath().normalize();
    BenchReport report =
        new Bench(
                root,
                Bench.Sizes.of(quick),
                awsLatency ? AwsLatencyModel.inRegion() : null,
                System.err)
            .run();
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
}
