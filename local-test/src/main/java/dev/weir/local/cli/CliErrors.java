package dev.weir.local.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Errors on the command line are messages, not stack traces: a bad option prints what is wrong and
 * the command's usage (exit 2); a failure while running prints its message and causes (exit 1), and
 * the stack trace only with {@code WEIR_DEBUG=1}. Path options are read as the caller's ({@link
 * CallerPaths}).
 */
public final class CliErrors {
  static final String DEBUG = "WEIR_DEBUG";

  private CliErrors() {}

  /** {@code line} with these error rules installed; returns it. */
  public static CommandLine configure(CommandLine line) {
    line.registerConverter(Path.class, CallerPaths::resolve);
    return line.setExecutionExceptionHandler(
        (error, command, parseResult) -> {
          PrintWriter err = command.getErr();
          err.println("weir " + command.getCommandName() + ": " + describe(error));
          for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            err.println("  caused by: " + describe(cause));
          }
          if ("1".equals(System.getenv(DEBUG))) {
            error.printStackTrace(err);
          } else {
            err.println("(set " + DEBUG + "=1 for the stack trace)");
          }
          err.flush();
          return 1;
        });
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }

  static void requireAtLeast(CommandSpec spec, String option, long value, long min) {
    if (value < min) {
      throw new ParameterException(
          spec.commandLine(), option + " must be at least " + min + ", not " + value);
    }
  }

  static void requireBetween(
      CommandSpec spec, String option, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new ParameterException(
          spec.commandLine(),
          option + " must be between " + min + " and " + max + ", not " + value);
    }
  }

  /** An AWS endpoint is an absolute http(s) URL with a host; {@code null} means none given. */
  static void requireEndpoint(CommandSpec spec, String option, URI endpoint) {
    if (endpoint == null) {
      return;
    }
    String scheme = endpoint.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || endpoint.getHost() == null) {
      throw new ParameterException(
          spec.commandLine(),
          option + " must be an http(s) URL such as http://localhost:4566, not '" + endpoint + "'");
    }
  }
}
