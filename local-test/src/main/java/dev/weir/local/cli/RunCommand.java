package dev.weir.local.cli;

import dev.weir.local.tools.PipelineRun;
import dev.weir.local.tools.RunSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code weir run}: one's own pipeline on the local stack, lines in, outputs out. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a PipelineProvider on local emulators (or --endpoint): each input line is one record,",
      "outputs go to stdout as JSON lines {id, key, window, timestamp, value}, progress and",
      "late/dead-letter counts to stderr, a JSON summary last. Ends once the input is consumed and",
      "the watermark has passed every window, or runs until Ctrl-C with --follow."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin PipelineClassOptions pipeline = new PipelineClassOptions();

  @Option(
      names = "--input",
      defaultValue = "-",
      paramLabel = "FILE|-",
      description = "the input lines, '-' for standard input (${DEFAULT-VALUE})")
  String input;

  @Option(names = "--raw", description = "send lines as they are, not checked as JSON")
  boolean raw;

  @Option(
      names = "--partition-key",
      paramLabel = "FIELD",
      description = "the JSON field holding each record's partition key (default: the pipeline's)")
  String partitionKeyField;

  @Option(
      names = "--endpoint",
      description = "an AWS endpoint to use instead of the embedded emulators")
  URI endpoint;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "keep the emulators' data here, for weir inspect and later runs")
  Path dataDir;

  @Option(names = "--follow", description = "keep reading input and printing outputs until Ctrl-C")
  boolean follow;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "300",
      description = "give up waiting for the watermark after (${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    CliErrors.requireEndpoint(spec, "--endpoint", endpoint);
    CliErrors.requireAtLeast(spec, "--timeout-seconds", timeoutSeconds, 1);
    if (raw && partitionKeyField != null) {
      throw new ParameterException(
          spec.commandLine(), "--partition-key reads a JSON field; raw lines (--raw) have none");
    }
    if (endpoint != null && dataDir != null) {
      throw new ParameterException(
          spec.commandLine(), "--data-dir keeps the embedded emulators' data; not with --endpoint");
    }
    Path inputFile = input.equals("-") ? null : CallerPaths.resolve(input);
    if (inputFile != null && !Files.isReadable(inputFile)) {
      throw new ParameterException(spec.commandLine(), "--input " + input + " cannot be read");
    }
    pipeline.install(spec);
    Path root = Path.of(System.getProperty("weir.root", ".")).toAbsolutePath().normalize();
    RunSummary summary =
        PipelineRun.run(
            new PipelineRun.Options(
                root,
                pipeline.pipelineClass,
                lines(inputFile),
                raw,
                partitionKeyField,
                endpoint,
                dataDir,
                follow,
                timeoutSeconds * 1_000),
            System.out,
            System.err);
    System.err.println(summary.toJson());
    return summary.finished() && summary.linesRefused() == 0 ? 0 : 1;
  }

  /** The lines of {@code file}, or of standard input if it is {@code null} ({@code --input -}). */
  private static Supplier<BufferedReader> lines(Path file) {
    return () -> {
      if (file == null) {
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      }
      try {
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }
}
