package dev.weir.local.cli;

import java.nio.file.Path;

/**
 * Paths on the command line are the caller's. {@code ./weir} starts the JVM in the repository root
 * (its build and classpath are relative to it), so the JVM's working directory is not where the
 * user typed the command: the launcher passes that as {@value #PROPERTY}, and relative paths
 * resolve against it. Without it (tests, a JVM started by hand) they resolve as Java would.
 */
final class CallerPaths {
  static final String PROPERTY = "weir.callerDir";

  private CallerPaths() {}

  /** {@code path} as the caller meant it: absolute ones as they are, relative ones from there. */
  static Path resolve(String path) {
    Path caller = Path.of(System.getProperty(PROPERTY, System.getProperty("user.dir")));
    return caller.toAbsolutePath().resolve(path).normalize();
  }
}
