package dev.weir.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.bench.Bench;
import dev.weir.bench.report.BenchReport;
import dev.weir.bench.report.ReportTable;
import java.nio.file.Path;
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
      "Tables go to stderr; the last line of stdout is the whole report as JSON."
    })
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "smaller runs: under five minutes")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    Path root = Path.of(System.getProperty("weir.root", ".")).toAbsolutePath().normalize();
    BenchReport report = new Bench(root, Bench.Sizes.of(quick), System.err).run();
    ReportTable.print(report, System.err);
    System.out.println(new ObjectMapper().writeValueAsString(report));
    return 0;
  }
}
