package dev.weir.local.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weir.beam.DoFnHost;
import dev.weir.inspect.KeyInspector;
import dev.weir.inspect.KeyState;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.local.cli.WeirCommand;
import dev.weir.local.faults.WindowSumPipeline;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.RequestCounter;
import dev.weir.testing.WeirTestDriver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code weir inspect} against an endpoint: state committed by the engine on DynamoDB Local, read
 * back per window with the pipeline's coders, timers included, as a table and as JSON.
 */
class InspectCommandIT {
  private static final long T0 = 1_764_583_200_000L; // on a minute
  private static final EmbeddedDynamoDb DYNAMO = EmbeddedDynamoDb.get();
  private static String table;

  @BeforeAll
  static void commitSomeState() {
    WeirPipeline<String, ?, String> pipeline = new WindowSumPipeline().pipeline();
    table = "inspect-" + UUID.randomUUID().toString().substring(0, 8);
    DynamoDbSchema schema = new DynamoDbSchema(table, pipeline.name());
    DYNAMO.client().createTable(schema.createTableRequest());
    try (var driver =
        WeirTestDriver.of(
            pipeline, new DynamoDbStore(DYNAMO.client(), schema).asStores(), new Instant(T0))) {
      driver.sendRecords(
          List.of(
              event("alice", 1, T0 + 1_000),
              event("alice", 2, T0 + 20_000),
              event("bob", 5, T0 + 30_000)));
    }
  }

  private static byte[] event(String key, long id, long millis) {
    return String.format(
            "{\"key\": \"%s\", \"id\": %d, \"eventTimeMillis\": %d, \"payload\": \"x\"}",
            key, id, millis)
        .getBytes(StandardCharsets.UTF_8);
  }

  private record Run(int exit, String out, String err) {}

  private static Run inspect(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      CommandLine line = new CommandLine(new WeirCommand());
      line.setErr(new PrintWriter(err, true));
      List<String> all =
          new java.util.ArrayList<>(
              List.of(
                  "inspect",
                  "--pipeline",
                  WindowSumPipeline.class.getName(),
                  "--endpoint",
                  DYNAMO.endpoint().toString(),
                  "--table",
                  table));
      all.addAll(List.of(args));
      int exit = line.execute(all.toArray(String[]::new));
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(stdout);
    }
  }

  @Test
  void aKeysStatePerWindowAndItsTimersAsJson() throws Exception {
    Run run = inspect("--key", "alice", "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode alice = JsonValues.JSON.readTree(run.out());
    assertThat(alice.get("pipeline").asText()).isEqualTo("window-sum");
    assertThat(alice.get("key").asText()).isEqualTo("alice");
    JsonNode windows = alice.get("windows");
    assertThat(windows).hasSize(2); // sliding windows: each event is in two
    for (JsonNode window : windows) {
      assertThat(window.at("/state/count").asLong()).isEqualTo(2);
      assertThat(window.at("/state/sum").asLong()).isEqualTo(3);
      assertThat(window.get("timers"))
          .anySatisfy(
              timer -> {
                assertThat(timer.get("windowExpiry").asBoolean()).isTrue();
                assertThat(timer.get("domain").asText()).isEqualTo("EVENT_TIME");
              });
    }
  }

  @Test
  void aKeyAsATableAndTheKeysAsAList() {
    Run key = inspect("--key", "bob");
    Run keys = inspect();

    assertThat(key.exit()).as(key.err()).isZero();
    assertThat(key.out())
        .contains("pipeline window-sum, key bob")
        .contains("state  count = 1")
        .contains("state  sum   = 5")
        .contains("(window expiry)");
    assertThat(keys.out()).contains("2 key(s) holding state or timers", "  alice", "  bob");
  }

  /** A key whose state lives in its header item: one read for everything (it took three). */
  @Test
  void inspectingAKeyReadsItsHeaderOnce() {
    RequestCounter counter = new RequestCounter();
    WeirPipeline<String, ?, String> pipeline = new WindowSumPipeline().pipeline();
    DynamoDbStore store =
        new DynamoDbStore(DYNAMO.client(counter), new DynamoDbSchema(table, pipeline.name()));
    try (DoFnHost<String, ?, String> host = new DoFnHost<>(pipeline)) {
      KeyState<String> alice = new KeyInspector<>(host, store, store).inspect("alice");

      assertThat(alice.windows()).hasSize(2);
      System.out.println("inspect requests: " + counter.usage());
      assertThat(counter.total().requests()).isEqualTo(1);
    }
  }

  @Test
  void aKeyHoldingNothingIsAMessage() {
    Run run = inspect("--key", "nobody");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("key nobody").contains("holds no state and no timers");
  }
}
