package dev.weir.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.local.tools.PipelineRun;
import dev.weir.local.tools.RunSummary;
import dev.weir.runner.WeirRunner;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A Beam pipeline written and tested on WeirRunner runs unchanged in the Lambda functions: its
 * stateful stage, derived by {@code StatefulStageDeployment} and loaded by class name as the
 * template's {@code PipelineClass} names it, outputs on the local stack (Kinesis in and out, the
 * real handlers, DynamoDB Local) exactly what the pipeline outputs on the runner.
 */
class BeamPipelineOnFunctionsIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final long T0 = 1_764_583_200_000L; // 2025-12-01T10:00:00Z, on a minute
  private static final String[][] VIEWS = {
    {"alice", "/home", "1000"}, {"alice", "/cart", "30000"},
    {"bob", "/home", "5000"}, {"alice", "/pay", "70000"}
  };
  private static final List<String> EXPECTED =
      List.of("alice@" + T0 + "=2", "bob@" + T0 + "=1", "alice@" + (T0 + 60_000) + "=1");

  @Test
  void onWeirRunner() {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(WeirRunner.class);
    Pipeline p = Pipeline.create(options);
    List<TimestampedValue<KV<String, String>>> views = new ArrayList<>();
    for (String[] view : VIEWS) {
      views.add(TimestampedValue.of(KV.of(view[0], view[1]), time(view)));
    }
    PCollection<String> counts = p.apply(Create.timestamped(views)).apply(new VisitCounts());

    PAssert.that(counts).containsInAnyOrder(EXPECTED);
    p.run();
  }

  @Test
  void deployedToTheFunctionsOnTheLocalStack() throws Exception {
    List<String> lines = new ArrayList<>();
    for (String[] view : VIEWS) {
      lines.add(
          String.format(
              "{\"user\": \"%s\", \"page\": \"%s\", \"time\": %d}",
              view[0], view[1], time(view).getMillis()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    RunSummary summary =
        PipelineRun.run(
            new PipelineRun.Options(
                ROOT,
                VisitCountsDeployment.class.getName(),
                () -> new BufferedReader(new StringReader(String.join("\n", lines))),
                false,
                "user",
                null,
                null,
                false,
                120_000),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(summary.finished()).as("progress:%n%s", progress).isTrue();
    assertThat(summary.deadLettered()).isEmpty();
    List<String> values = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      JsonNode output = json.readTree(line);
      values.add(output.get("value").asText());
    }
    assertThat(values).containsExactlyInAnyOrderElementsOf(EXPECTED);
  }

  private static Instant time(String[] view) {
    return new Instant(T0 + Long.parseLong(view[2]));
  }
}
