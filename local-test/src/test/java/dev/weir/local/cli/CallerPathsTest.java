package dev.weir.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Relative paths on the command line are the caller's: {@code ./weir} runs from the repository root
 * and passes the directory it was called from ({@code weir.callerDir}); the commands resolve
 * against that, not against the JVM's working directory.
 */
class CallerPathsTest {
  @TempDir Path caller;
  private final StringWriter err = new StringWriter();
  private String before;

  @BeforeEach
  void callFromATemporaryDirectory() {
    before = System.getProperty(CallerPaths.PROPERTY);
    System.setProperty(CallerPaths.PROPERTY, caller.toString());
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(CallerPaths.PROPERTY);
    } else {
      System.setProperty(CallerPaths.PROPERTY, before);
    }
  }

  private CommandLine line() {
    CommandLine line = CliErrors.configure(new CommandLine(new WeirCommand()));
    line.setErr(new PrintWriter(err, true));
    line.setOut(new PrintWriter(new StringWriter(), true));
    return line;
  }

  @Test
  void runReadsInputAndClasspathRelativeToTheCaller() throws Exception {
    Files.writeString(caller.resolve("events.jsonl"), "{}\n");
    Files.createDirectories(caller.resolve("classes"));
    assertThat(Path.of("events.jsonl")).doesNotExist(); // not where the JVM runs

    int exit =
        line()
            .execute(
                "run",
                "--pipeline",
                "com.example.Missing",
                "--input",
                "events.jsonl",
                "--classpath",
                "classes");

    // Both paths were found; what is missing is only the class.
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--pipeline names com.example.Missing, which is not on the classpath classes")
        .doesNotContain("cannot be read", "does not exist");
  }

  @Test
  void pathOptionsResolveFromTheCallerAndAbsoluteOnesStay() {
    ParseResult parsed =
        line()
            .parseArgs("inspect", "--pipeline", "a.B", "--data-dir", "kept/../stack", "--key", "k");
    InspectCommand inspect = (InspectCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(inspect.dataDir).isEqualTo(caller.resolve("stack"));

    Path absolute = caller.resolveSibling("elsewhere").toAbsolutePath();
    parsed = line().parseArgs("run", "--pipeline", "a.B", "--data-dir", absolute.toString());
    RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(run.dataDir).isEqualTo(absolute);
  }

  @Test
  void templateWritesItsOutputWhereTheCallerIs() throws Exception {
    String root = System.getProperty("weir.root");
    System.setProperty("weir.root", Path.of("..").toAbsolutePath().normalize().toString());
    try {
      int exit =
          line()
              .execute(
                  "template",
                  "--pipeline",
                  "com.example.App",
                  "--pipeline-name",
                  "app",
                  "--code-uri",
                  "target/app.jar",
                  "--output",
                  "template.yaml");
      assertThat(exit).as(err.toString()).isZero();
    } finally {
      if (root == null) {
        System.clearProperty("weir.root");
      } else {
        System.setProperty("weir.root", root);
      }
    }
    assertThat(caller.resolve("template.yaml")).content().contains("Default: com.example.App");
    assertThat(Path.of("template.yaml")).doesNotExist();
  }
}
