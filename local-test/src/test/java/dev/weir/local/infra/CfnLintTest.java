package dev.weir.local.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code infra/template.yaml} passes cfn-lint, including the opt-in check I3011 that every stateful
 * resource states its deletion and replacement policy, so no stack update or delete silently drops
 * user state or dead letters; the schema check of {@link TemplateTest} cannot see either.
 */
class CfnLintTest {
  private static final Path TEMPLATE = Path.of("..", "infra", "template.yaml");
  private static final long TIMEOUT_SECONDS = 120;
  private static final String TABLE = "    Type: AWS::DynamoDB::Table\n";

  @BeforeAll
  static void requireCfnLint() throws InterruptedException {
    assumeTrue(
        installed(),
        "cfn-lint is not installed: the template's lint check is skipped (pip install cfn-lint)");
  }

  @Test
  void theTemplateHasNoFindings() throws Exception {
    Lint lint = lint(TEMPLATE);
    assertThat(lint.lines()).as("cfn-lint findings").isEmpty();
    assertThat(lint.exitCode()).as("cfn-lint exit code, output:%n%s", lint.output()).isZero();
  }

  @Test
  void theQuickstartsTemplateHasNoFindings() throws Exception {
    Lint lint = lint(Path.of("..", "examples", "quickstart", "template.yaml"));
    assertThat(lint.lines()).as("cfn-lint findings").isEmpty();
    assertThat(lint.exitCode()).as("cfn-lint exit code, output:%n%s", lint.output()).isZero();
  }

  @Test
  void theLintReportsATableWithoutDeletionPolicy(@TempDir Path dir) throws Exception {
    String template = Files.readString(TEMPLATE);
    String unprotected = template.replace(TABLE + "    DeletionPolicy: Retain\n", TABLE);
    assertThat(unprotected).as("the StateTable's DeletionPolicy line").isNotEqualTo(template);
    Lint lint = lint(Files.writeString(dir.resolve("template.yaml"), unprotected));
    assertThat(lint.exitCode()).as("cfn-lint exit code, output:%n%s", lint.output()).isNotZero();
    assertThat(lint.lines())
        .anyMatch(line -> line.contains(":I3011:") && line.contains("'DeletionPolicy'"));
  }

  private static boolean installed() throws InterruptedException {
    try {
      Process process =
          new ProcessBuilder("cfn-lint", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Lint lint(Path template) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                "cfn-lint",
                "--format",
                "parseable",
                "--include-checks",
                "I3011",
                "--",
                template.toString())
            .redirectErrorStream(true)
            .start();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("cfn-lint did not finish within " + TIMEOUT_SECONDS + " s");
    }
    return new Lint(process.exitValue(), output.join());
  }

  private static String readAll(Process process) {
    try {
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Lint(int exitCode, String output) {
    List<String> lines() {
      return output.lines().filter(line -> !line.isBlank()).toList();
    }
  }
}
