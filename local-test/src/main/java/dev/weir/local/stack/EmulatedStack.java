package dev.weir.local.stack;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.weir.engine.EngineCounters;
import dev.weir.engine.Lanes;
import dev.weir.functions.adapters.KinesisKeyTicks;
import dev.weir.functions.adapters.KinesisOutputSink;
import dev.weir.functions.adapters.KinesisShardActivity;
import dev.weir.functions.adapters.KinesisShardTail;
import dev.weir.functions.adapters.KinesisShardTopology;
import dev.weir.functions.adapters.KinesisWriter;
import dev.weir.functions.handlers.Priming;
import dev.weir.functions.handlers.ProcessorFunction;
import dev.weir.functions.handlers.TimerFunction;
import dev.weir.functions.handlers.WatermarkFunction;
import dev.weir.functions.wiring.AwsWiring;
import dev.weir.functions.wiring.Wiring;
import dev.weir.local.aws.DynamoDbLocalBilling;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.local.aws.EmbeddedKinesis;
import dev.weir.local.infra.Deployment;
import dev.weir.local.infra.LocalResources;
import dev.weir.local.latency.AwsLatencyInterceptor;
import dev.weir.local.latency.AwsLatencyModel;
import dev.weir.local.mapping.LambdaStyleInvoker;
import dev.weir.local.mapping.LocalEventSourceMapping;
import dev.weir.local.mapping.MappingSettings;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.DeadLetter;
import dev.weir.sink.RecordData;
import dev.weir.store.ShardRecord;
import dev.weir.store.cache.CachingStateStore;
import dev.weir.store.dynamodb.CapacityBilling;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.RequestCounter;
import dev.weir.store.dynamodb.StoredState;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Weir on one machine, no AWS account and no Docker: DynamoDB Local and kinesalite (or any endpoint
 * given, e.g. LocalStack), the streams and table of {@code infra/template.yaml}, the
 * ProcessorFunction fed by a KCL-based event-source mapping, the Watermark and Timer functions
 * driven by a local scheduler. Each function gets its own wiring, as each Lambda container would.
 * With {@link Options#awsLatency} every AWS call a function, the mapping or a caller makes takes as
 * long as AWS would take to answer it (the README's "AWS latency profile").
 */
public final class EmulatedStack implements AutoCloseable {
  /** The stack's name when its data is kept in a directory, so each run finds the last one's. */
  public static final String KEPT_STACK_NAME = "weir-local";

  private final Options options;
  private final EmbeddedKinesis embeddedKinesis;
  private final URI kinesisEndpoint;
  private final URI dynamoEndpoint;

  /**
   * Never paced: creates the resources, seeds the mapping's leases, finds the child shards Kinesis
   * itself would return to the mapping, and reads late data back for the checks.
   */
  private final KinesisClient adminKinesis;

  /** The callers' (producers, readers, the baselines' outputs): paced with the AWS latency. */
  private final KinesisClient kinesis;

  /** Creates the resources; counts its requests. */
  private final DynamoDbClient dynamo;

  /** Paces every call as AWS would answer it; {@code null} at the emulators' pace. */
  private final AwsLatencyInterceptor awsLatency;

  private final KinesisClient functionKinesis;
  private final DynamoDbClient functionDynamo;
  private final RequestCounter counter;
  private final LocalResources resources;
  private final WeirPipeline<?, ?, ?> pipeline;
  private final List<Wiring<?, ?, ?>> wirings = new CopyOnWriteArrayList<>();
  private final List<DeadLetter> deadLetters = Collections.synchronizedList(new ArrayList<>());

  /**
   * Late records by sequence number, with the SHA-256 of their bytes: a record sent twice (a
   * retried key) counts once.
   */
  private final Map<String, String> lateRecords = new ConcurrentHashMap<>();

  private final AtomicLong mappingFailures = new AtomicLong();
  private final AtomicLong injectedFailures = new AtomicLong();
  private final LocalScheduler scheduler;
  private final AwsCredentialsProvider credentials;
  private final AwsFunctions awsFunctions;
  private LocalEventSourceMapping mapping;

  /**
   * How to run.
   *
   * @param root the repository root (template, node modules)
   * @param endpoint use this AWS endpoint for everything instead of starting emulators
   * @param sweepIntervalMillis how often the local scheduler runs the watermark function
   * @param unreliableScheduler deliver scheduler invocations twice and up to a minute late
   * @param metrics where the functions' EMF metric lines go
   * @param processorFailureRate chance that an invocation of the processor fails, before or after
   *     doing its work, as a crashing container would
   * @param parallelizationFactor concurrent invocations per shard; 0 takes the template's
   * @param identities with an {@code endpoint} that enforces IAM: run each function as its own role
   *     through its real adapters (SQS, Scheduler API); {@code null} for the emulators
   * @param pipelineClass the {@code PipelineProvider} to run; {@code null} takes the template's
   * @param faults an interceptor on the functions' DynamoDB and Kinesis clients (not the harness's)
   *     that injects faults; {@code null} for none
   * @param dataDir keep the emulators' data here (a later stack on it sees the same streams, table
   *     and state, under fixed names); {@code null} for a fresh stack in memory
   * @param awsLatency pace every AWS call the functions, the event-source mapping and the callers'
   *     clients ({@link #kinesis()}, {@link #newDynamoClient}) make as AWS would answer it in
   *     region; creating resources and reading them back for checks stay at the emulators' pace.
   *     {@code null}: the emulators' own pace
   */
  public record Options(
      Path root,
      URI endpoint,
      long sweepIntervalMillis,
      boolean unreliableScheduler,
      PrintStream metrics,
      double processorFailureRate,
      int parallelizationFactor,
      AwsIdentities identities,
      String pipelineClass,
      ExecutionInterceptor faults,
      Path dataDir,
      AwsLatencyModel awsLatency) {

    /**
     * The embedded emulators under {@code root}, a reliable scheduler sweeping every {@code
     * sweepIntervalMillis}, metrics discarded, no injected failures, the template's
     * parallelization: how the benchmark and tools run the stack.
     */
    public static Options embedded(Path root, long sweepIntervalMillis) {
      return new Options(
          root,
          null,
          sweepIntervalMillis,
          false,
          new PrintStream(OutputStream.nullOutputStream()),
          0,
          0,
          null,
          null,
          null,
          null,
          null);
    }

    /** These options, running the {@code PipelineProvider} named {@code className}. */
    public Options withPipelineClass(String className) {
      return new Options(
          root,
          endpoint,
          sweepIntervalMillis,
          unreliableScheduler,
          metrics,
          processorFailureRate,
          parallelizationFactor,
          identities,
          className,
          faults,
          dataDir,
          awsLatency);
    }

    /** These options, every AWS call paced by {@code model} ({@code null}: not paced). */
    public Options withAwsLatency(AwsLatencyModel model) {
      return new Options(
          root,
          endpoint,
          sweepIntervalMillis,
          unreliableScheduler,
          metrics,
          processorFailureRate,
          parallelizationFactor,
          identities,
          pipelineClass,
          faults,
          dataDir,
          model);
    }
  }

  private EmulatedStack(Options options) throws IOException {
    this.options = options;
    if (options.endpoint() == null) {
      Path nodeModules = options.root().resolve("local-test/src/main/node/node_modules");
      if (options.dataDir() == null) {
        embeddedKinesis = EmbeddedKinesis.start(nodeModules);
        dynamoEndpoint = EmbeddedDynamoDb.get().endpoint();
      } else {
        embeddedKinesis = EmbeddedKinesis.start(nodeModules, options.dataDir().resolve("kinesis"));
        dynamoEndpoint = EmbeddedDynamoDb.keptIn(options.dataDir().resolve("dynamodb")).endpoint();
      }
      kinesisEndpoint = embeddedKinesis.endpoint();
    } else {
      System.setProperty("aws.cborEnabled", "false");
      embeddedKinesis = null;
      kinesisEndpoint = options.endpoint();
      dynamoEndpoint = options.endpoint();
    }
    AwsCredentialsProvider credentials =
        options.identities() != null
            ? options.identities().admin()
            : StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    this.credentials = credentials;
    // On DynamoDB Local, count what AWS would bill where it reports otherwise.
    counter =
        new RequestCounter(
            options.endpoint() == null
                ? DynamoDbLocalBilling.INSTANCE
                : CapacityBilling.AS_REPORTED);
    awsLatency =
        options.awsLatency() == null ? null : new AwsLatencyInterceptor(options.awsLatency());
    adminKinesis = LocalClients.on(KinesisClient.builder(), kinesisEndpoint, credentials);
    kinesis =
        LocalClients.on(
            KinesisClient.builder(), kinesisEndpoint, credentials, LocalClients.given(awsLatency));
    dynamo = LocalClients.on(DynamoDbClient.builder(), dynamoEndpoint, credentials, counter);
    functionKinesis =
        LocalClients.on(
            KinesisClient.builder(),
            kinesisEndpoint,
            credentials,
            LocalClients.given(options.faults(), awsLatency));
    functionDynamo =
        LocalClients.on(
            DynamoDbClient.builder(),
            dynamoEndpoint,
            credentials,
            LocalClients.given(counter, options.faults(), awsLatency));
    String stackName =
        options.dataDir() == null
            ? "weir-" + UUID.randomUUID().toString().substring(0, 6)
            : KEPT_STACK_NAME;
    resources =
        LocalResources.read(options.root().resolve("infra/template.yaml"))
            .create(stackName + "-", adminKinesis, dynamo);
    pipeline =
        AwsWiring.loadPipeline(
            options.pipelineClass() != null
                ? options.pipelineClass()
                : resources.parameter("PipelineClass"));
    scheduler = new LocalScheduler(pipeline.name(), options.unreliableScheduler());
    awsFunctions =
        options.identities() == null
            ? null
            : new AwsFunctions(
                awsLatency == null
                    ? options.identities()
                    : options.identities().withInterceptor(awsLatency),
                new Deployment(stackName, Region.US_EAST_1.id(), options.identities().account()),
                options.endpoint(),
                resources,
                options.pipelineClass(),
                parallelizationFactor(),
                adminKinesis);
  }

  /** Lanes per shard: the options', or else the template's {@code ParallelizationFactor}. */
  public int parallelizationFactor() {
    return options.parallelizationFactor() > 0
        ? options.parallelizationFactor()
        : Integer.parseInt(resources.parameter("ParallelizationFactor"));
  }

  public static EmulatedStack start(Options options) throws IOException {
    return new EmulatedStack(options);
  }

  /** Starts the functions: the mapping on the input stream and the scheduler. */
  public void startFunctions() {
    startScheduler();
    startMapping(() -> flaky(this::newProcessorFunction));
  }

  /** Starts the scheduler: watermark sweeps on their interval and processing-time wake-ups. */
  public void startScheduler() {
    TimerFunction timer = newTimerFunction();
    scheduler.start(newWatermarkFunction(), timer, options.sweepIntervalMillis());
    if (awsFunctions != null) {
      awsFunctions.deliveries().start(timer, 500);
    }
  }

  /** A processor function as one Lambda container would have it, over this stack's resources. */
  public ProcessorFunction newProcessorFunction() {
    return new ProcessorFunction(newWiring(AwsIdentities.PROCESSOR));
  }

  /** A watermark function as one Lambda container would have it. */
  public WatermarkFunction newWatermarkFunction() {
    return new WatermarkFunction(newWiring(AwsIdentities.WATERMARK));
  }

  /** A timer function as one Lambda container would have it. */
  public TimerFunction newTimerFunction() {
    return new TimerFunction(newWiring(AwsIdentities.TIMER));
  }

  /**
   * The schedules the functions created through the Scheduler API, delivered by the stack (only
   * with {@link AwsIdentities}; the emulated scheduler takes wake-ups directly otherwise).
   */
  public ScheduleDeliveries scheduleDeliveries() {
    if (awsFunctions == null) {
      throw new IllegalStateException("wake-ups go through the Scheduler API only with identities");
    }
    return awsFunctions.deliveries();
  }

  /**
   * Starts the event-source mapping on the input stream, invoking handlers from {@code handlers}
   * (one per concurrent lane of each shard) with the template's batching settings.
   */
  public void startMapping(Supplier<RequestHandler<KinesisEvent, StreamsEventResponse>> handlers) {
    MappingSettings settings =
        new MappingSettings(
            Integer.parseInt(resources.parameter("BatchSize")),
            Long.parseLong(resources.parameter("BatchingWindowSeconds")) * 1_000,
            resources
                .template()
                .at("/Resources/ProcessorFunction/Properties/Events/Input/Properties")
                .get("BisectBatchOnFunctionError")
                .asBoolean(),
            retryAttempts(),
            maxRecordAgeMillis(),
            parallelizationFactor());
    String inputArn = "arn:aws:kinesis:local:000000000000:stream/" + inputStream();
    mapping =
        LocalEventSourceMapping.start(
            kinesisEndpoint,
            dynamoEndpoint,
            adminKinesis,
            dynamo,
            credentials,
            awsLatency,
            inputStream(),
            settings.batchSize(),
            Math.max(200, settings.batchingWindowMillis()),
            settings.batchingWindowMillis(),
            settings.parallelizationFactor(),
            () ->
                new LambdaStyleInvoker(
                    inputArn, handlers.get(), settings, this::onMappingFailure, Clock.systemUTC()));
  }

  /**
   * A DynamoDB client on this stack's endpoint whose requests {@code counter} counts, paced as the
   * functions' are (the baselines' handlers use it).
   */
  public DynamoDbClient newDynamoClient(RequestCounter counter) {
    return LocalClients.on(
        DynamoDbClient.builder(),
        dynamoEndpoint,
        credentials,
        LocalClients.given(counter, awsLatency));
  }

  /** A DynamoDB client for checks, at the emulator's pace. */
  private DynamoDbClient checkingClient() {
    return LocalClients.on(DynamoDbClient.builder(), dynamoEndpoint, credentials);
  }

  /**
   * One lane's processor container, failing as {@link Options#processorFailureRate} and {@link
   * Options#faults} say: before or after its work, or timing out mid-batch, after which Lambda
   * starts a fresh container (nothing the old one remembered survives).
   */
  private RequestHandler<KinesisEvent, StreamsEventResponse> flaky(
      Supplier<ProcessorFunction> containers) {
    double rate = options.processorFailureRate();
    InvocationFaults invocationFaults =
        options.faults() instanceof InvocationFaults faults ? faults : null;
    if (rate <= 0 && invocationFaults == null) {
      return containers.get();
    }
    AtomicReference<ProcessorFunction> container = new AtomicReference<>(containers.get());
    java.util.Random random = new java.util.Random();
    return (event, context) -> {
      if (random.nextDouble() < rate / 2) {
        injectedFailures.incrementAndGet();
        throw new IllegalStateException("injected failure before the invocation's work");
      }
      StreamsEventResponse response;
      if (invocationFaults == null) {
        response = container.get().handleRequest(event, context);
      } else {
        invocationFaults.invocationStarted();
        try {
          response = container.get().handleRequest(event, context);
        } finally {
          if (invocationFaults.invocationEnded()) {
            // Lambda reports a timeout whatever the handler did, and starts a fresh container.
            container.set(containers.get());
            throw new IllegalStateException("injected: the invocation timed out");
          }
        }
      }
      if (random.nextDouble() < rate / 2) {
        injectedFailures.incrementAndGet();
        throw new IllegalStateException("injected failure after outputs and commits");
      }
      return response;
    };
  }

  public long injectedFailures() {
    return injectedFailures.get();
  }

  /** Invocations of the watermark and timer functions so far (the local scheduler's). */
  public long schedulerInvocations() {
    return scheduler.invocations();
  }

  /** Time spent inside them, as Lambda would bill it (nanoseconds). */
  public long schedulerInvocationNanos() {
    return scheduler.invocationNanos();
  }

  /** Invocations of the watermark function alone so far (part of {@link #schedulerInvocations}). */
  public long watermarkInvocations() {
    return scheduler.sweeps();
  }

  /** Time spent inside them (nanoseconds). */
  public long watermarkInvocationNanos() {
    return scheduler.sweepNanos();
  }

  /** Scheduled invocations the unreliable scheduler delivered twice. */
  public long schedulerDuplicates() {
    return scheduler.extraDeliveries();
  }

  private void onMappingFailure(List<KinesisClientRecord> records) {
    mappingFailures.addAndGet(records.size());
    System.err.println(
        "event-source mapping: " + records.size() + " records sent to the on-failure destination");
  }

  /** Where the containers' priming logs: nowhere (a failure is tolerated, as in Lambda). */
  private static final PrintStream QUIET_PRIMING = new PrintStream(OutputStream.nullOutputStream());

  /**
   * A wiring like one Lambda container's of the function {@code logicalId}: its own engine over the
   * shared table and streams.
   */
  private Wiring<?, ?, ?> newWiring(String logicalId) {
    Wiring<?, ?, ?> wiring =
        awsFunctions != null ? awsFunctions.wiring(logicalId) : wiring(pipeline);
    // As a container restored from a SnapStart snapshot, its clients have made the priming's reads
    // (so the permission tests see them made under the function's role); best effort, as there.
    Priming.primeClientsLogged(
        wiring.stores(), clientReads(logicalId), "in a new container", QUIET_PRIMING);
    wirings.add(wiring);
    return wiring;
  }

  private static Priming.ClientReads clientReads(String logicalId) {
    return switch (logicalId) {
      case AwsIdentities.PROCESSOR -> Priming.ClientReads.PROCESSOR;
      case AwsIdentities.WATERMARK -> Priming.ClientReads.WATERMARK;
      case AwsIdentities.TIMER -> Priming.ClientReads.TIMER;
      default -> throw new IllegalArgumentException("no function " + logicalId);
    };
  }

  private <K, V, O> Wiring<K, V, O> wiring(WeirPipeline<K, V, O> typed) {
    DynamoDbStore store =
        new DynamoDbStore(
            functionDynamo, new DynamoDbSchema(resources.name("StateTable"), typed.name()));
    return new Wiring<>(
        Wiring.Parts.builder(typed)
            .inputStream(inputStream())
            .stores(CachingStateStore.around(store.asStores(counter), Wiring.STATE_CACHE_BYTES))
            .outputs(
                new KinesisOutputSink<>(
                    new KinesisWriter(functionKinesis, outputStream()), typed.outputCoder()))
            .deadLetters(deadLetters::addAll)
            .lateData(
                late ->
                    late.forEach(
                        e ->
                            lateRecords.put(
                                e.record().sequenceNumber(),
                                RecordData.sha256Of(e.record().data()))))
            .wakeups(scheduler)
            .ticks(new KinesisKeyTicks(new KinesisWriter(functionKinesis, inputStream())))
            .activity(new KinesisShardActivity(functionKinesis, inputStream()))
            .topology(new KinesisShardTopology(functionKinesis, inputStream()))
            .lanes(
                Lanes.of(
                    parallelizationFactor(), new KinesisShardTail(functionKinesis, inputStream())))
            .sweepIntervalSeconds(1)
            .metricsOut(options.metrics())
            .build());
  }

  /**
   * The stack's Kinesis client for callers: writing input, reading output, the baselines' handlers
   * writing theirs. Paced with {@link Options#awsLatency}, as the functions' clients are.
   */
  public KinesisClient kinesis() {
    return kinesis;
  }

  /** The AWS latency profile's pacing of this stack's calls, if it runs with one. */
  public Optional<AwsLatencyInterceptor> awsLatency() {
    return Optional.ofNullable(awsLatency);
  }

  public URI dynamoEndpoint() {
    return dynamoEndpoint;
  }

  public URI kinesisEndpoint() {
    return kinesisEndpoint;
  }

  /** The template's {@code EventSourceRetryAttempts}; -1, Lambda's "until the records expire". */
  private int retryAttempts() {
    int retries = Integer.parseInt(resources.parameter("EventSourceRetryAttempts"));
    return retries < 0 ? Integer.MAX_VALUE : retries;
  }

  /** The template's {@code EventSourceMaxRecordAgeSeconds}; -1 follows the input's retention. */
  private long maxRecordAgeMillis() {
    long seconds = Long.parseLong(resources.parameter("EventSourceMaxRecordAgeSeconds"));
    return seconds < 0
        ? Long.parseLong(resources.parameter("InputRetentionHours")) * 3_600_000L
        : seconds * 1_000L;
  }

  /** The physical name of a template resource, e.g. {@code StateTable}. */
  public String resourceName(String logicalId) {
    return resources.name(logicalId);
  }

  public String inputStream() {
    return resources.name("InputStream");
  }

  public String outputStream() {
    return resources.name("OutputStream");
  }

  public WeirPipeline<?, ?, ?> pipeline() {
    return pipeline;
  }

  /** What the pipeline's keys hold in the state table now: a scan, for checks only. */
  public StoredState.Inventory storedState() {
    try (DynamoDbClient client = checkingClient()) {
      return StoredState.of(
          client, new DynamoDbSchema(resources.name("StateTable"), pipeline.name()));
    }
  }

  /**
   * Leases of batches in flight the input's shards hold now: once a run has ended and every lane
   * has finished, a lease left would hold its shard's watermark until the input's retention passes.
   */
  public long leasesLeft() {
    return shardRecords().stream().mapToLong(shard -> shard.leases().size()).sum();
  }

  /** The input's shards' progress, holds and leases as stored now: for checks only. */
  public List<ShardRecord> shardRecords() {
    try (DynamoDbClient client = checkingClient()) {
      return new DynamoDbStore(
              client, new DynamoDbSchema(resources.name("StateTable"), pipeline.name()))
          .shards();
    }
  }

  public RequestCounter storeUsage() {
    return counter;
  }

  /**
   * The records dead-lettered, each once: like any send, a dead letter is at-least-once (an
   * invocation that fails after sending it sends it again on the retry), and consumers tell copies
   * by shard and sequence number.
   */
  public List<DeadLetter> deadLetters() {
    List<DeadLetter> sent =
        awsFunctions != null ? awsFunctions.deadLetters() : List.copyOf(deadLetters);
    Map<String, DeadLetter> byRecord = new LinkedHashMap<>();
    sent.forEach(
        letter ->
            byRecord.putIfAbsent(
                letter.timer() == null
                    ? letter.shardId() + "/" + letter.sequenceNumber()
                    : "timer/" + letter.keyId() + "/" + letter.timer(),
                letter));
    return List.copyOf(byRecord.values());
  }

  /** Late records: sent to the late-data stream (with identities) or counted by the wiring. */
  public long lateDropped() {
    return lateDigests().size();
  }

  /** The SHA-256 of each late record's bytes, by sequence number. */
  public Map<String, String> lateDigests() {
    return awsFunctions != null ? awsFunctions.lateRecords() : Map.copyOf(lateRecords);
  }

  public long mappingFailures() {
    return mappingFailures.get();
  }

  /** The sum of a counter over every function's engine. */
  public long total(java.util.function.ToLongFunction<EngineCounters> counter) {
    return wirings.stream().mapToLong(w -> counter.applyAsLong(w.engine().counters())).sum();
  }

  @Override
  public void close() {
    scheduler.close();
    if (awsFunctions != null) {
      awsFunctions.close();
    }
    if (mapping != null) {
      mapping.close();
    }
    if (embeddedKinesis != null) {
      embeddedKinesis.close();
    }
  }
}
