package dev.weir.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.local.demo.Demo;
import dev.weir.local.demo.DemoSummary;
import dev.weir.local.latency.AwsLatencyModel;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weir demo}: the batched-RPC pipeline end to end on the local stack. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the blog's batched-RPC pipeline end to end on local emulators (or --endpoint),",
      "shows progress on stderr and prints a JSON summary as the last line of stdout."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      defaultValue = "2000",
      description = "events to generate (${DEFAULT-VALUE})")
  int events;

  @Option(names = "--keys", defaultValue = "10", description = "distinct keys (${DEFAULT-VALUE})")
  int keys;

  @Option(names = "--seed", defaultValue = "42", description = "random seed (${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--late-fraction",
      defaultValue = "0.02",
      description = "share of events sent far behind their time (${DEFAULT-VALUE})")
  double lateFraction;

  @Option(
      names = "--endpoint",
      description = "an AWS endpoint to use instead of the embedded emulators")
  URI endpoint;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "300",
      description = "give up after (${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Option(
      names = "--unreliable-scheduler",
      description = "deliver scheduled invocations twice and up to a minute late, as AWS may")
  boolean unreliableScheduler;

  @Option(
      names = "--inject-failures",
      defaultValue = "0",
      description =
          "chance a processor invocation fails before or after its work (${DEFAULT-VALUE})")
  double failureRate;

  @Option(
      names = "--parallelization",
      defaultValue = "0",
      description = "concurrent invocations per shard (0: the template's ParallelizationFactor)")
  int parallelization;

  @Option(
      names = "--aws-latency",
      description = {
        "pace every AWS call as AWS would answer it in region (the README's model),",
        "to see the pipeline at AWS's pace; the emulators' own CPU may still be the limit"
      })
  boolean awsLatency;

  @Override
  public Integer call() throws Exception {
    CliErrors.requireAtLeast(spec, "--events", events, 1);
    CliErrors.requireAtLeast(spec, "--keys", keys, 1);
    CliErrors.requireBetween(spec, "--late-fraction", lateFraction, 0, 1);
    CliErrors.requireEndpoint(spec, "--endpoint", endpoint);
    CliErrors.requireAtLeast(spec, "--timeout-seconds", timeoutSeconds, 1);
    CliErrors.requireBetween(spec, "--inject-failures", failureRate, 0, 1);
    CliErrors.requireAtLeast(spec, "--parallelization", parallelization, 0);
    Path root = Path.of(System.getProperty("weir.root", ".")).toAbsolutePath().normalize();
    DemoSummary summary =
        Demo.run(
            new Demo.Options(
                events,
                keys,
                seed,
                lateFraction,
                endpoint,
                root,
                timeoutSeconds * 1_000,
                unreliableScheduler,
                failureRate,
                parallelization,
                awsLatency ? AwsLatencyModel.inRegion().withSeed(seed) : null),
            System.err);
    System.out.println(new ObjectMapper().writeValueAsString(summary));
    return summary.unaccounted() == 0
            && summary.falselyLate() == 0
            && summary.stateLeft() == 0
            && summary.leasesLeft() == 0
            && summary.outputAndLate() == 0
            && summary.outputAndDeadLettered() == 0
        ? 0
        : 1;
  }
}
