package dev.weir.local.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.functions.adapters.KinesisWriter;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.local.demo.OutputReader;
import dev.weir.local.stack.EmulatedStack;
import dev.weir.store.dynamodb.RequestCounter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The stack with the AWS latency profile on: the callers' clients, the event-source mapping's and
 * the functions' are paced, creating the resources is not.
 */
class AwsLatencyOnTheStackIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Every operation takes exactly 40 ms. */
  private static final AwsLatencyModel FORTY_MILLIS =
      new AwsLatencyModel(Map.of(), new OperationLatency(40, 40, "test"), 1);

  @Test
  void everyCallTheFunctionsTheMappingAndTheCallersMakeIsPaced() throws Exception {
    try (EmulatedStack stack =
        EmulatedStack.start(
            EmulatedStack.Options.embedded(ROOT, 1_000).withAwsLatency(FORTY_MILLIS))) {
      AwsLatencyInterceptor pacing = stack.awsLatency().orElseThrow();
      assertThat(pacing.attempts()).as("creating the resources").isZero();

      assertThat(millis(() -> stack.kinesis().listShards(r -> r.streamName(stack.inputStream()))))
          .isGreaterThanOrEqualTo(40);
      try (DynamoDbClient baselines = stack.newDynamoClient(new RequestCounter())) {
        String table = stack.resourceName("StateTable");
        assertThat(millis(() -> baselines.describeTable(r -> r.tableName(table))))
            .isGreaterThanOrEqualTo(40);
      }

      stack.storeUsage().reset();
      stack.startFunctions();
      List<KinesisWriter.Entry> entries = new ArrayList<>();
      long now = System.currentTimeMillis();
      for (int i = 1; i <= 50; i++) {
        Event event = new Event("user-" + i % 5, i, now - 60_000 + i, "action-" + i);
        entries.add(new KinesisWriter.Entry(event.key(), BatchedRpcPipeline.encode(event)));
      }
      new KinesisWriter(stack.kinesis(), stack.inputStream()).write(entries);
      awaitOutput(stack);

      Map<String, Long> paced = pacing.attemptsByOperation();
      assertThat(paced.get("Kinesis.GetRecords")).as("the mapping's reads").isPositive();
      assertThat(paced.get("Kinesis.PutRecords"))
          .as("the input written, and the processor's outputs")
          .isGreaterThanOrEqualTo(2);
      stack
          .storeUsage()
          .usage()
          .forEach(
              (operationAndTable, usage) ->
                  assertThat(paced.get("DynamoDb." + operationAndTable.split(" ")[0]))
                      .as("the functions' %s", operationAndTable)
                      .isGreaterThanOrEqualTo(usage.requests()));
      assertThat(stack.storeUsage().total().requests()).isPositive();
    }
  }

  /** Until the processor's first output is on the output stream, read at the emulator's pace. */
  private static void awaitOutput(EmulatedStack stack) throws Exception {
    try (KinesisClient reader =
        KinesisClient.builder()
            .endpointOverride(stack.kinesisEndpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build()) {
      OutputReader outputs = new OutputReader(reader, stack.outputStream());
      long deadline = System.currentTimeMillis() + 120_000;
      while (outputs.poll().isEmpty()) {
        assertThat(System.currentTimeMillis()).as("an output within 2 min").isLessThan(deadline);
        Thread.sleep(200);
      }
    }
  }

  private static long millis(Runnable call) {
    long start = System.nanoTime();
    call.run();
    return (System.nanoTime() - start) / 1_000_000;
  }
}
