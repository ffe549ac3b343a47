package dev.weir.local.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weir.local.faults.WindowSumPipeline;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weir run} on the local stack: lines in, outputs out as JSON lines decoded by the
 * pipeline's coders, bad lines refused with their number, records the pipeline cannot decode
 * dead-lettered, and the run ends on its own once the watermark has passed every window.
 */
class PipelineRunIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final long MINUTE = 60_000;
  private static final long T0 = 1_764_583_200_000L; // 2025-12-01T10:00:00Z, on a minute

  private static String event(String key, long id, long millis) {
    return String.format(
        "{\"key\": \"%s\", \"id\": %d, \"eventTimeMillis\": %d, \"payload\": \"x\"}",
        key, id, millis);
  }

  @Test
  void linesInOutputsOutUntilTheWatermarkHasPassedEveryWindow(@TempDir Path data) throws Exception {
    String input =
        String.join(
            "\n",
            event("alice", 1, T0 + 1_000),
            event("alice", 2, T0 + 20_000),
            "this line is not JSON",
            "",
            event("bob", 5, T0 + 30_000),
            "{\"valid\": \"JSON, but not an event\"}");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    RunSummary summary =
        run(
            data,
            input,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(summary.finished()).as("progress:%n%s", progress).isTrue();
    assertThat(summary.linesRead()).isEqualTo(6);
    assertThat(summary.linesRefused()).isEqualTo(1);
    assertThat(summary.recordsWritten()).isEqualTo(4);
    assertThat(summary.deadLettered()).isEqualTo(Map.of("undecodable", 1L));
    assertThat(summary.late()).isZero();
    assertThat(progress.toString()).contains("line 3 not sent: not JSON");
    List<String> values = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      JsonNode output = JsonValues.JSON.readTree(line);
      assertThat(output.get("id").asText()).isNotEmpty();
      assertThat(output.get("window").asText()).startsWith("[");
      keys.add(output.get("key").asText());
      values.add(output.get("value").asText());
    }
    // sliding windows of two minutes every minute: each event is in two windows
    assertThat(values)
        .containsExactlyInAnyOrder(
            "alice|" + (T0 - MINUTE) + "|2|3",
            "alice|" + T0 + "|2|3",
            "bob|" + (T0 - MINUTE) + "|1|5",
            "bob|" + T0 + "|1|5");
    assertThat(keys).containsExactlyInAnyOrder("alice", "alice", "bob", "bob");
    assertThat(summary.outputs()).isEqualTo(4);
  }

  /**
   * A kept stack remembers its streams, state and watermark: the first run's outputs are not
   * printed again, and an event older than the watermark the first run left is late.
   */
  @Test
  void aKeptStackRunsAgainOnItsOwnDataAndWatermark(@TempDir Path data) throws Exception {
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
    RunSummary first = run(data, event("alice", 1, T0 + 1_000), discard, discard);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    RunSummary second =
        run(data, event("carol", 7, T0 + 2_000), new PrintStream(out, true), discard);

    assertThat(first.outputs()).isEqualTo(2);
    assertThat(second.finished()).isTrue();
    assertThat(second.late()).isEqualTo(1);
    assertThat(second.outputs()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private static RunSummary run(Path data, String input, PrintStream out, PrintStream progress)
      throws Exception {
    return PipelineRun.run(
        new PipelineRun.Options(
            ROOT,
            WindowSumPipeline.class.getName(),
            () -> new BufferedReader(new StringReader(input)),
            false,
            null,
            null,
            data,
            false,
            120_000),
        out,
        progress);
  }
}
