package dev.weir.bench.coldstart;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.weir.bench.baseline.CarefulBaselineHandler;
import dev.weir.bench.baseline.NaiveBaselineHandler;
import dev.weir.functions.adapters.KinesisWriter;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.EnrichedEventCoder;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.handlers.ProcessorFunction;
import dev.weir.functions.wiring.WeirEnvironment;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * One cold start, in a fresh JVM whose classpath is the shaded Lambda jar (plus this probe): builds
 * a handler as Lambda does (from environment variables alone), invokes it once with 100 JSON
 * records over ten keys, checks that nothing failed, and prints one line of milliseconds since the
 * JVM started: {@code coldstart mode=M total=T main=A init=B invoke=C warm=D} where {@code total}
 * is the end of the first invocation (its bundle committed), {@code main} when this class got
 * control, {@code init} how long building the handler took, {@code invoke} the first invocation and
 * {@code warm} a second one (new keys, same size): the part of {@code invoke} that is the
 * emulators' latency rather than cold start.
 *
 * <p>Arguments: {@code weir|naive|careful}, a key prefix (new keys, so the bundle really writes),
 * and for the hand-rolled handlers their table. Both read {@value WeirEnvironment#OUTPUT_STREAM};
 * endpoints, region and credentials come from the standard AWS variables.
 */
public final class ColdStartProbe {
  static final String LINE_PREFIX = "coldstart ";
  static final int RECORDS = 100;
  static final int KEYS = 10;
  private static final String SHARD = "shardId-000000000000";

  private ColdStartProbe() {}

  public static void main(String[] args) {
    long mainNanos = System.nanoTime();
    try {
      measure(args, mainNanos);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1); // the SDK's threads must not keep a failed probe alive
    }
    System.exit(0); // nor a successful one
  }

  private static void measure(String[] args, long mainNanos) {
    String mode = args[0];
    String keyPrefix = args[1];
    RequestHandler<KinesisEvent, StreamsEventResponse> handler =
        switch (mode) {
          case "weir" -> new ProcessorFunction();
          case "naive", "careful" -> baseline(mode, args[2]);
          default ->
              throw new IllegalArgumentException("mode is weir, naive or careful, not " + mode);
        };
    long constructedNanos = System.nanoTime();
    StreamsEventResponse response = handler.handleRequest(event(keyPrefix), null);
    long doneNanos = System.nanoTime();
    if (response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty()) {
      throw new IllegalStateException("the first invocation failed: " + response);
    }
    long cpuMillis =
        ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
    long warmNanos = System.nanoTime();
    handler.handleRequest(event(keyPrefix + "warm-"), null); // what the emulators alone take
    long warmDoneNanos = System.nanoTime();
    // Read the uptime once, after the fact, and date the instants back from it: the management
    // bean's own start-up cost must not count as cold start.
    long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
    long uptimeNanos = System.nanoTime();
    long total = uptimeMillis - (uptimeNanos - doneNanos) / 1_000_000;
    long main = uptimeMillis - (uptimeNanos - mainNanos) / 1_000_000;
    System.out.printf(
        "%smode=%s total=%d main=%d init=%d invoke=%d warm=%d cpu=%d%n",
        LINE_PREFIX,
        mode,
        total,
        main,
        (constructedNanos - mainNanos) / 1_000_000,
        (doneNanos - constructedNanos) / 1_000_000,
        (warmDoneNanos - warmNanos) / 1_000_000,
        cpuMillis);
    System.out.flush();
  }

  /**
   * A hand-rolled handler as its own Lambda would build it: clients from the environment, on the
   * URL-connection HTTP client Weir's functions use (quicker to start than Apache's).
   */
  private static RequestHandler<KinesisEvent, StreamsEventResponse> baseline(
      String mode, String table) {
    SdkHttpClient http = UrlConnectionHttpClient.create();
    KinesisWriter writer =
        new KinesisWriter(
            KinesisClient.builder().httpClient(http).build(),
            System.getenv(WeirEnvironment.OUTPUT_STREAM));
    Consumer<List<EnrichedEvent>> outputs =
        enriched -> {
          List<KinesisWriter.Entry> entries = new ArrayList<>(enriched.size());
          for (EnrichedEvent output : enriched) {
            try {
              entries.add(
                  new KinesisWriter.Entry(
                      output.event().key(),
                      CoderUtils.encodeToByteArray(EnrichedEventCoder.of(), output)));
            } catch (CoderException e) {
              throw new IllegalStateException("cannot encode " + output, e);
            }
          }
          writer.write(entries);
        };
    DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).build();
    return mode.equals("careful")
        ? new CarefulBaselineHandler(dynamo, table, outputs)
        : new NaiveBaselineHandler(dynamo, table, outputs);
  }

  /** 100 records of about 150 bytes of JSON, keys {@code <prefix>user-0..9}, event time now. */
  static KinesisEvent event(String keyPrefix) {
    long now = System.currentTimeMillis();
    List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      Event event =
          new Event(
              keyPrefix + "user-" + i % KEYS,
              i + 1,
              now - (RECORDS - i) * 10L,
              "page-view:/products/" + (10_000 + i * 37) + ':' + "x".repeat(64));
      String sequenceNumber = String.format("4959%052d", i + 1);
      KinesisEvent.Record kinesis = new KinesisEvent.Record();
      kinesis.setSequenceNumber(sequenceNumber);
      kinesis.setPartitionKey(event.key());
      kinesis.setData(ByteBuffer.wrap(BatchedRpcPipeline.encode(event)));
      kinesis.setApproximateArrivalTimestamp(new Date(now));
      kinesis.setKinesisSchemaVersion("1.0");
      KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
      record.setEventID(SHARD + ":" + sequenceNumber);
      record.setEventSource("aws:kinesis");
      record.setEventName("aws:kinesis:record");
      record.setKinesis(kinesis);
      records.add(record);
    }
    KinesisEvent event = new KinesisEvent();
    event.setRecords(records);
    return event;
  }
}
