package dev.weir.bench.cli;

import dev.weir.local.cli.CliErrors;
import dev.weir.local.cli.WeirCommand;
import picocli.CommandLine;

/** {@code ./weir}: the local stack's commands plus {@code bench}, which needs Flink's classpath. */
public final class WeirMain {
  private WeirMain() {}

  public static void main(String[] args) {
    CommandLine line =
        CliErrors.configure(new CommandLine(new WeirCommand()).addSubcommand(new BenchCommand()));
    System.exit(line.execute(args));
  }
}
