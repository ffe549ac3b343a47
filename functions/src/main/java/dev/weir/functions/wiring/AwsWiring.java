package dev.weir.functions.wiring;

import dev.weir.engine.Lanes;
import dev.weir.engine.LateElement;
import dev.weir.functions.adapters.KinesisKeyTicks;
import dev.weir.functions.adapters.KinesisLateData;
import dev.weir.functions.adapters.KinesisOutputSink;
import dev.weir.functions.adapters.KinesisShardActivity;
import dev.weir.functions.adapters.KinesisShardTail;
import dev.weir.functions.adapters.KinesisShardTopology;
import dev.weir.functions.adapters.KinesisWriter;
import dev.weir.functions.adapters.SchedulerWakeups;
import dev.weir.functions.adapters.SqsDeadLetters;
import dev.weir.pipeline.PipelineProvider;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.store.cache.CachingStateStore;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.ReplayHorizon;
import dev.weir.store.dynamodb.RequestCounter;
import dev.weir.timer.WakeupScheduler;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Builds a function's {@link Wiring} from its environment: real AWS clients, DynamoDB state. */
public final class AwsWiring {

  private AwsWiring() {}

  /**
   * What the host running a function provides besides its environment: credentials and region for
   * every client (a role's, when the local stack runs each function as its own role), interceptors
   * on every client (e.g. an {@link AwsCallRecorder}), where metric lines go, and the clock.
   */
  public record Host(
      AwsCredentialsProvider credentials,
      Region region,
      List<ExecutionInterceptor> interceptors,
      PrintStream metricsOut,
      Clock clock) {
    /** Lambda: credentials and region from the environment, metrics on standard output. */
    public static final Host LAMBDA =
        new Host(null, null, List.of(), System.out, Clock.systemUTC());

    /** The same host with another clock. */
    public Host withClock(Clock other) {
      return new Host(credentials, region, interceptors, metricsOut, other);
    }

    /** The same host with {@code interceptor} after its own on every client. */
    public Host withInterceptor(ExecutionInterceptor interceptor) {
      List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
      all.add(interceptor);
      return new Host(credentials, region, List.copyOf(all), metricsOut, clock);
    }
  }

  /**
   * The wiring of a Lambda function, from its environment. Logs how long its parts took to build,
   * one line on standard error: {@code weir init: pipeline=P clients=C wiring=W} in milliseconds,
   * where {@code pipeline} is loading the user's provider and its pipeline (Beam's DoFn analysis
   * included), {@code clients} building the AWS SDK clients, and {@code wiring} the engine and
   * adapters (Beam's generated DoFn invoker included).
   */
  public static Wiring<?, ?, ?> fromEnvironment(WeirEnvironment env) {
    long start = System.nanoTime();
    WeirPipeline<?, ?, ?> pipeline = loadPipeline(env.pipelineClass());
    long loaded = System.nanoTime();
    Clients clients = Clients.of(env, Host.LAMBDA, pipeline.name());
    long connected = System.nanoTime();
    Wiring<?, ?, ?> wiring = build(env, Host.LAMBDA, pipeline, clients);
    System.err.printf(
        "weir init: pipeline=%d clients=%d wiring=%d%n",
        (loaded - start) / 1_000_000,
        (connected - loaded) / 1_000_000,
        (System.nanoTime() - connected) / 1_000_000);
    return wiring;
  }

  public static Wiring<?, ?, ?> fromEnvironment(WeirEnvironment env, Host host) {
    WeirPipeline<?, ?, ?> pipeline = loadPipeline(env.pipelineClass());
    return build(env, host, pipeline, Clients.of(env, host, pipeline.name()));
  }

  /** The AWS clients a function's wiring is built on (SQS's is built on first use). */
  private record Clients(
      RequestCounter counter,
      DynamoDbClient dynamo,
      KinesisClient kinesis,
      WakeupScheduler wakeups) {
    static Clients of(WeirEnvironment env, Host host, String pipelineName) {
      RequestCounter counter = new RequestCounter();
      return new Clients(
          counter,
          configure(DynamoDbClient.builder(), env, host, counter).build(),
          configure(KinesisClient.builder(), env, host).build(),
          AwsWiring.wakeups(env, host, pipelineName, host.clock()));
    }
  }

  private static <K, V, O> Wiring<K, V, O> build(
      WeirEnvironment env, Host host, WeirPipeline<K, V, O> pipeline, Clients clients) {
    RequestCounter counter = clients.counter();
    DynamoDbClient dynamo = clients.dynamo();
    KinesisClient kinesis = clients.kinesis();
    Clock clock = host.clock();
    DynamoDbStore store =
        new DynamoDbStore(
            dynamo,
            new DynamoDbSchema(env.stateTable(), pipeline.name()),
            new ReplayHorizon(Duration.ofHours(env.inputRetentionHours()), clock));
    return new Wiring<>(
        Wiring.Parts.builder(pipeline)
            .inputStream(env.inputStream())
            .stores(CachingStateStore.around(store.asStores(counter), Wiring.STATE_CACHE_BYTES))
            .outputs(
                new KinesisOutputSink<>(
                    new KinesisWriter(kinesis, env.outputStream()), pipeline.outputCoder()))
            .deadLetters(
                new SqsDeadLetters(
                    () -> configure(SqsClient.builder(), env, host).build(),
                    env.deadLetterQueueUrl()))
            .lateData(lateData(kinesis, env))
            .wakeups(clients.wakeups())
            .ticks(new KinesisKeyTicks(new KinesisWriter(kinesis, env.inputStream())))
            .activity(new KinesisShardActivity(kinesis, env.inputStream()))
            .topology(
                new KinesisShardTopology(
                    kinesis, env.inputStream(), Duration.ofHours(env.inputRetentionHours()), clock))
            .lanes(
                Lanes.of(
                    env.parallelizationFactor(), new KinesisShardTail(kinesis, env.inputStream())))
            .clock(clock)
            .maxAttempts(env.maxAttempts())
            .sweepIntervalSeconds(env.sweepIntervalSeconds())
            .metricsOut(host.metricsOut())
            .build());
  }

  private static <V> Consumer<List<LateElement<V>>> lateData(
      KinesisClient kinesis, WeirEnvironment env) {
    if (env.lateDataStream().isEmpty()) {
      return late -> {};
    }
    return new KinesisLateData<>(new KinesisWriter(kinesis, env.lateDataStream().get()));
  }

  private static WakeupScheduler wakeups(
      WeirEnvironment env, Host host, String pipeline, Clock clock) {
    if (env.timerFunctionArn().isEmpty()
        || env.schedulerGroup().isEmpty()
        || env.schedulerRoleArn().isEmpty()) {
      // Without a timer function, the sweeper's ticks fire processing-time timers.
      return WakeupScheduler.none();
    }
    return new SchedulerWakeups(
        configure(SchedulerClient.builder(), env, host).build(),
        pipeline,
        env.schedulerGroup().get(),
        env.timerFunctionArn().get(),
        env.schedulerRoleArn().get(),
        clock);
  }

  /**
   * Every client shares one HTTP client, the JDK's URL connection: it starts faster than Apache's
   * and one instead of four saves cold-start time that SnapStart does not cover.
   */
  private static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(
      B builder, WeirEnvironment env, Host host, ExecutionInterceptor... own) {
    env.endpoint().ifPresent(builder::endpointOverride);
    if (host.credentials() != null) {
      builder.credentialsProvider(host.credentials());
    }
    if (host.region() != null) {
      builder.region(host.region());
    }
    List<ExecutionInterceptor> interceptors = new ArrayList<>(List.of(own));
    interceptors.addAll(host.interceptors());
    return builder
        .httpClient(HttpClientHolder.HTTP)
        .overrideConfiguration(c -> c.executionInterceptors(interceptors));
  }

  /** Built when the first client is, not when this class loads (tests load it without AWS). */
  private static final class HttpClientHolder {
    static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder().build();
  }

  /** Instantiates the {@code PipelineProvider} named {@code className} and returns its pipeline. */
  public static WeirPipeline<?, ?, ?> loadPipeline(String className) {
    Class<?> type;
    try {
      // the context loader: tools load a user's pipeline from a jar of their own
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      type =
          Class.forName(
              className, true, loader != null ? loader : AwsWiring.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          WeirEnvironment.PIPELINE_CLASS
              + " names "
              + className
              + ", which is not on the classpath",
          e);
    }
    if (!PipelineProvider.class.isAssignableFrom(type)) {
      throw new IllegalStateException(
          className
              + " ("
              + WeirEnvironment.PIPELINE_CLASS
              + ") does not implement "
              + PipelineProvider.class.getName());
    }
    try {
      return ((PipelineProvider) type.getDeclaredConstructor().newInstance()).pipeline();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(className + " needs a public no-argument constructor", e);
    }
  }
}
