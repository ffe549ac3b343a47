package dev.weir.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./weir}: Weir's command line. */
@Command(
    name = "weir",
    mixinStandardHelpOptions = true,
    version = "weir 0.1.0",
    description = "Apache Beam stateful and timely DoFns, serverless on AWS.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      InspectCommand.class,
      TemplateCommand.class,
      FaultsCommand.class
    })
public final class WeirCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    int exit = CliErrors.configure(new CommandLine(new WeirCommand())).execute(args);
    System.exit(exit);
  }
}
