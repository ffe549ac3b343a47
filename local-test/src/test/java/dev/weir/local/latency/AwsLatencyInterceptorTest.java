package dev.weir.local.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Real SDK clients against an endpoint whose pace the test sets: each call takes at least its
 * operation's latency, and a call the endpoint already made slower is not slowed further.
 */
class AwsLatencyInterceptorTest {
  private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("k"));

  /** GetItem takes exactly 100 ms, PutItem 60 ms, anything else 5 ms: draws are known. */
  private static final AwsLatencyModel FIXED =
      new AwsLatencyModel(
          Map.of(
              "DynamoDb.GetItem", new OperationLatency(100, 100, "test"),
              "DynamoDb.PutItem", new OperationLatency(60, 60, "test")),
          new OperationLatency(5, 5, "test"),
          1);

  private final StubAwsEndpoint endpoint;
  private final AwsLatencyInterceptor latency = new AwsLatencyInterceptor(FIXED);
  private final List<AutoCloseable> clients = new ArrayList<>();

  AwsLatencyInterceptorTest() throws Exception {
    endpoint = new StubAwsEndpoint();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    endpoint.close();
  }

  @Test
  void aCallFasterThanItsOperationIsPaddedToItsLatency() {
    DynamoDbClient dynamo = client(DynamoDbClient.builder(), latency);
    dynamo.getItem(r -> r.tableName("t").key(KEY)); // the first call loads classes, connects
    long paddedBefore = latency.paddedNanos();
    long slowerBefore = latency.attemptsSlowerThanModel();

    long took = millis(() -> dynamo.getItem(r -> r.tableName("t").key(KEY)));

    assertThat(took).isGreaterThanOrEqualTo(100);
    assertThat(latency.attempts()).isEqualTo(2);
    assertThat(latency.attemptsSlowerThanModel()).isEqualTo(slowerBefore);
    assertThat(latency.paddedNanos() - paddedBefore).isBetween(1L, 100_000_000L);
  }

  @Test
  void aCallSlowerThanItsOperationIsNotSlowedFurther() {
    DynamoDbClient dynamo = client(DynamoDbClient.builder(), latency);
    dynamo.getItem(r -> r.tableName("t").key(KEY));
    long paddedBefore = latency.paddedNanos();
    long slowerBefore = latency.attemptsSlowerThanModel();
    endpoint.delay(300);

    long took = millis(() -> dynamo.getItem(r -> r.tableName("t").key(KEY)));

    assertThat(took).isGreaterThanOrEqualTo(300).isLessThan(300 + 100);
    assertThat(latency.attemptsSlowerThanModel()).isEqualTo(slowerBefore + 1);
    assertThat(latency.slowerThanModelByOperation())
        .containsOnlyKeys("DynamoDb.GetItem")
        .containsEntry("DynamoDb.GetItem", slowerBefore + 1);
    assertThat(latency.paddedNanos()).isEqualTo(paddedBefore);
  }

  @Test
  void anErrorAnswerIsPacedAsAnAnswerIs() {
    DynamoDbClient dynamo = client(DynamoDbClient.builder(), latency);
    dynamo.getItem(r -> r.tableName("t").key(KEY));
    endpoint.answer(
        400,
        "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
            + "\"message\":\"The conditional request failed\"}");

    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                dynamo.putItem(
                    r ->
                        r.tableName("t").item(KEY).conditionExpression("attribute_not_exists(pk)")))
        .isInstanceOf(ConditionalCheckFailedException.class);

    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(60);
  }

  @Test
  void threadsSharingAClientEachWaitTheirOwnLatency() throws Exception {
    DynamoDbClient dynamo = client(DynamoDbClient.builder(), latency);
    dynamo.getItem(r -> r.tableName("t").key(KEY));
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> calls = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < 8; i++) {
        calls.add(
            threads.submit(() -> millis(() -> dynamo.getItem(r -> r.tableName("t").key(KEY)))));
      }
      for (Future<Long> call : calls) {
        assertThat(call.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(100);
      }
      long all = (System.nanoTime() - start) / 1_000_000;

      assertThat(latency.attempts()).isEqualTo(9);
      assertThat(latency.attemptsByOperation()).containsExactly(Map.entry("DynamoDb.GetItem", 9L));
      assertThat(all).as("the waits overlap, as calls to AWS do").isLessThan(8 * 100);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void anAsynchronousClientIsPacedWithoutHoldingItsEventLoop() throws Exception {
    DynamoDbAsyncClient dynamo =
        client(
            DynamoDbAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1)),
            latency);
    dynamo.getItem(r -> r.tableName("t").key(KEY)).get(10, TimeUnit.SECONDS);

    long took =
        millis(
            () -> {
              List<CompletableFuture<?>> calls = new ArrayList<>();
              for (int i = 0; i < 4; i++) {
                calls.add(dynamo.getItem(r -> r.tableName("t").key(KEY)));
              }
              CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
            });

    assertThat(took).isGreaterThanOrEqualTo(100).isLessThan(4 * 100);
    assertThat(latency.attempts()).isEqualTo(5);
  }

  @Test
  void theModelNamesOperationsAsTheSdkDoes() {
    List<String> seen = new ArrayList<>();
    ExecutionInterceptor recorder =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            seen.add(
                attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
                    + "."
                    + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
          }
        };
    ignoringAnswers(
        () -> client(DynamoDbClient.builder(), recorder).getItem(r -> r.tableName("t").key(KEY)));
    ignoringAnswers(
        () -> client(KinesisClient.builder(), recorder).putRecords(r -> r.streamName("s")));
    ignoringAnswers(
        () -> client(SchedulerClient.builder(), recorder).getSchedule(r -> r.name("n")));
    ignoringAnswers(
        () ->
            client(SqsClient.builder(), recorder)
                .sendMessage(r -> r.queueUrl(endpoint.uri().toString()).messageBody("b")));

    assertThat(seen)
        .containsExactly(
            "DynamoDb.GetItem", "Kinesis.PutRecords", "Scheduler.GetSchedule", "Sqs.SendMessage");
    assertThat(seen)
        .allSatisfy(name -> assertThat(AwsLatencyModel.inRegion().operations()).containsKey(name));
  }

  @Test
  void theModelledTimeOfAThreadAddsItsCallsAndSpansThoseOfThePoolItCreated() throws Exception {
    DynamoDbClient dynamo = client(DynamoDbClient.builder(), latency);
    ModelledTime modelled = latency.modelledTimeOfThisThread();
    assertThat(latency.modelledTimeOfThisThread()).isSameAs(modelled);
    ModelledTime.Mark mark = modelled.mark();
    dynamo.getItem(r -> r.tableName("t").key(KEY)); // 100 ms, on this thread
    ExecutorService pool = Executors.newFixedThreadPool(2); // its threads created from here on
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        puts.add(pool.submit(() -> dynamo.putItem(r -> r.tableName("t").item(KEY)))); // 60 ms
      }
      for (Future<?> put : puts) {
        put.get(10, TimeUnit.SECONDS);
      }
      // a thread of the pool asking for its own tally starts one, not its creator's
      assertThat(pool.submit(latency::modelledTimeOfThisThread).get()).isNotSameAs(modelled);
    } finally {
      pool.shutdownNow();
    }
    // 100 ms on this thread, then four 60 ms calls side by side on two workers: 120 ms
    assertThat(modelled.waitedSinceNanos(mark, 2)).isEqualTo(220_000_000L);
  }

  private <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C client(
      B builder, ExecutionInterceptor interceptor) {
    C client =
        builder
            .endpointOverride(endpoint.uri())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
            .overrideConfiguration(c -> c.addExecutionInterceptor(interceptor))
            .build();
    clients.add(client);
    return client;
  }

  private static long millis(Runnable call) {
    long start = System.nanoTime();
    call.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** The stub's "{}" is not every operation's answer: only the call's name matters here. */
  private static void ignoringAnswers(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException ignored) {
      // the operation was named before its answer was read
    }
  }
}
