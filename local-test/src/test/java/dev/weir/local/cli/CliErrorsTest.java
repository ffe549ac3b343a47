package dev.weir.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Bad options and failures end in a message (and the usage), never in a stack trace. */
class CliErrorsTest {
  private final StringWriter err = new StringWriter();

  private int run(Object command, String... args) {
    CommandLine line = CliErrors.configure(new CommandLine(command));
    line.setErr(new PrintWriter(err, true));
    line.setOut(new PrintWriter(new StringWriter(), true));
    return line.execute(args);
  }

  @Test
  void anEndpointThatIsNotAUrlIsAMessageWithTheUsage() {
    int exit = run(new WeirCommand(), "demo", "--endpoint", "notaurl");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--endpoint must be an http(s) URL", "'notaurl'", "Usage: weir demo")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void outOfRangeNumbersAreMessages() {
    assertThat(run(new WeirCommand(), "demo", "--events", "-1")).isEqualTo(2);
    assertThat(run(new WeirCommand(), "faults", "--fault-scale", "2")).isEqualTo(2);
    assertThat(run(new WeirCommand(), "demo", "--keys", "many")).isEqualTo(2);

    assertThat(err.toString())
        .contains("--events must be at least 1, not -1")
        .contains("--fault-scale must be between 0.0 and 1.0, not 2.0")
        .contains("Invalid value for option '--keys'")
        .doesNotContain("\tat ");
  }

  @Test
  void runAndInspectExplainBadPipelinesAndInputs() {
    String provider = "dev.weir.local.faults.WindowSumPipeline";
    assertThat(run(new WeirCommand(), "run", "--pipeline", "com.example.Missing")).isEqualTo(2);
    assertThat(run(new WeirCommand(), "run", "--pipeline", provider, "--classpath", "no/such.jar"))
        .isEqualTo(2);
    assertThat(
            run(
                new WeirCommand(),
                "run",
                "--pipeline",
                provider,
                "--raw",
                "--partition-key",
                "user"))
        .isEqualTo(2);
    assertThat(run(new WeirCommand(), "run", "--pipeline", provider, "--input", "no/such.jsonl"))
        .isEqualTo(2);
    assertThat(run(new WeirCommand(), "inspect", "--pipeline", provider)).isEqualTo(2);
    assertThat(run(new WeirCommand(), "run")).isEqualTo(2);

    assertThat(err.toString())
        .contains(
            "--pipeline names com.example.Missing, which is not on the classpath (add its jar"
                + " with --classpath)")
        .contains("--classpath names no/such.jar, which does not exist")
        .contains("--partition-key reads a JSON field; raw lines (--raw) have none")
        .contains("--input no/such.jsonl cannot be read")
        .contains("--table names the state table to read (or give --data-dir)")
        .contains("Missing required option: '--pipeline=CLASS'")
        .doesNotContain("\tat ");
  }

  @Test
  void theTemplateCommandRefusesValuesThatAreNotOneWord() {
    int exit =
        run(
            new WeirCommand(),
            "template",
            "--pipeline",
            "com.example.App",
            "--pipeline-name",
            "my app",
            "--code-uri",
            "target/app.jar");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--pipeline-name must be one word, not 'my app'");
  }

  @Command(name = "broken")
  static final class Broken implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException(
          "the stack could not start", new java.io.IOException("port 4566 in use"));
    }
  }

  @Test
  void aFailureWhileRunningPrintsItsMessageAndCausesOnly() {
    int exit = run(new Broken());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .contains("weir broken: the stack could not start")
        .contains("caused by: port 4566 in use")
        .contains("WEIR_DEBUG=1")
        .doesNotContain("\tat ");
  }
}
