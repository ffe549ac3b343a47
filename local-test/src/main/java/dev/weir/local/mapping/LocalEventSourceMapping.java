package dev.weir.local.mapping;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.HashKeyRangeForLease;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * Runs a KCL 3 worker on the input stream that feeds each shard's records to its own {@link
 * LambdaStyleInvoker} (one handler per shard, like one Lambda container per shard). The lease table
 * is created and seeded before the worker starts, which cuts KCL's start-up from ~50 s to a few
 * seconds on the emulators.
 */
public final class LocalEventSourceMapping implements AutoCloseable {
  private final Scheduler scheduler;
  private final Thread thread;

  private LocalEventSourceMapping(Scheduler scheduler) {
    this.scheduler = scheduler;
    this.thread = new Thread(scheduler, "weir-kcl-worker");
    thread.setDaemon(true);
  }

  /**
   * Starts consuming {@code stream}; {@code invokers} makes the invoker of each lane of each shard.
   *
   * @param kinesis creates nothing, reads the shards to seed the leases and the child shards of a
   *     closed one (which Kinesis itself would return): not paced by {@code awsLatency}
   * @param dynamo creates and seeds the lease table
   * @param awsLatency an interceptor on KCL's own clients, e.g. the AWS latency profile's: its
   *     reads of the stream (GetRecords, GetShardIterator, ListShards) stand for Lambda's poller,
   *     which pays them too, and its lease and checkpoint writes for the poller's own bookkeeping;
   *     {@code null} for none
   * @param maxRecordsPerRead records per read, and per batch a lane invokes with
   * @param batchingWindowMillis how long a lane waits for a full batch before invoking
   */
  public static LocalEventSourceMapping start(
      URI kinesisEndpoint,
      URI dynamoEndpoint,
      KinesisClient kinesis,
      DynamoDbClient dynamo,
      AwsCredentialsProvider credentials,
      ExecutionInterceptor awsLatency,
      String stream,
      int maxRecordsPerRead,
      long idleBetweenReadsMillis,
      long batchingWindowMillis,
      int parallelizationFactor,
      Supplier<LambdaStyleInvoker> invokers) {
    String application = "weir-mapping-" + UUID.randomUUID().toString().substring(0, 8);
    seedLeases(kinesis, dynamo, stream, application);
    KinesisAsyncClient kinesisAsync =
        KinesisAsyncClient.builder()
            .endpointOverride(kinesisEndpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
            .overrideConfiguration(
                c -> {
                  c.addExecutionInterceptor(new ChildShardsInterceptor(kinesis, stream));
                  if (awsLatency != null) {
                    c.addExecutionInterceptor(awsLatency);
                  }
                })
            .build();
    DynamoDbAsyncClient dynamoAsync =
        DynamoDbAsyncClient.builder()
            .endpointOverride(dynamoEndpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .overrideConfiguration(
                c -> {
                  if (awsLatency != null) {
                    c.addExecutionInterceptor(awsLatency);
                  }
                })
            .build();
    CloudWatchAsyncClient cloudWatch =
        CloudWatchAsyncClient.builder()
            .endpointOverride(URI.create("http://localhost:1")) // never called: metrics are off
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .build();
    ConfigsBuilder configs =
        new ConfigsBuilder(
            new SingleStreamTracker(
                stream,
                InitialPositionInStreamExtended.newInitialPosition(
                    InitialPositionInStream.TRIM_HORIZON)),
            application,
            kinesisAsync,
            dynamoAsync,
            cloudWatch,
            "worker-1",
            () ->
                new ShardProcessor(
                    lanes(parallelizationFactor, invokers),
                    maxRecordsPerRead,
                    batchingWindowMillis));
    Scheduler scheduler =
        new Scheduler(
            configs.checkpointConfig(),
            configs.coordinatorConfig(),
            configs
                .leaseManagementConfig()
                .failoverTimeMillis(2_000)
                .shardSyncIntervalMillis(1_000)
                .leaseAssignmentIntervalMillis(1_000L),
            configs.lifecycleConfig(),
            configs.metricsConfig().metricsLevel(MetricsLevel.NONE),
            configs.processorConfig(),
            configs
                .retrievalConfig()
                .retrievalSpecificConfig(
                    new PollingConfig(stream, kinesisAsync)
                        .maxRecords(maxRecordsPerRead)
                        .idleTimeBetweenReadsInMillis(idleBetweenReadsMillis)));
    LocalEventSourceMapping mapping = new LocalEventSourceMapping(scheduler);
    mapping.thread.start();
    return mapping;
  }

  private static List<LambdaStyleInvoker> lanes(int count, Supplier<LambdaStyleInvoker> invokers) {
    List<LambdaStyleInvoker> lanes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lanes.add(invokers.get());
    }
    return lanes;
  }

  /** Creates KCL's lease table with its index and one lease per shard, as KCL itself would. */
  private static void seedLeases(
      KinesisClient kinesis, DynamoDbClient dynamo, String stream, String table) {
    DynamoDBLeaseSerializer serializer = new DynamoDBLeaseSerializer();
    Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
    serializer.getAttributeDefinitions().forEach(a -> attributes.put(a.attributeName(), a));
    serializer
        .getWorkerIdToLeaseKeyIndexAttributeDefinitions()
        .forEach(a -> attributes.putIfAbsent(a.attributeName(), a));
    dynamo.createTable(
        r ->
            r.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(serializer.getKeySchema())
                .attributeDefinitions(new ArrayList<>(attributes.values()))
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName("LeaseOwnerToLeaseKeyIndex")
                        .keySchema(serializer.getWorkerIdToLeaseKeyIndexKeySchema())
                        .projection(
                            Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                        .build()));
    List<Shard> shards = kinesis.listShards(r -> r.streamName(stream)).shards();
    for (Shard shard : shards) {
      Lease lease = new Lease();
      lease.leaseKey(shard.shardId());
      lease.leaseCounter(0L);
      lease.ownerSwitchesSinceCheckpoint(0L);
      lease.checkpoint(ExtendedSequenceNumber.TRIM_HORIZON);
      lease.hashKeyRange(HashKeyRangeForLease.fromHashKeyRange(shard.hashKeyRange()));
      if (shard.parentShardId() != null) {
        lease.parentShardIds(List.of(shard.parentShardId()));
      }
      dynamo.putItem(r -> r.tableName(table).item(serializer.toDynamoRecord(lease)));
    }
  }

  @Override
  public void close() {
    try {
      scheduler.startGracefulShutdown().get();
    } catch (Exception e) {
      scheduler.shutdown();
    }
  }

  /**
   * One shard's record processor: hands the records to the shard's lanes ({@link ShardLanes}),
   * which deliver them independently, and checkpoints what every lane has finished.
   */
  private static final class ShardProcessor implements ShardRecordProcessor {
    private final List<LambdaStyleInvoker> invokers;
    private final int batchSize;
    private final long batchingWindowMillis;
    private ShardLanes lanes;
    private String shardId;

    ShardProcessor(List<LambdaStyleInvoker> invokers, int batchSize, long batchingWindowMillis) {
      this.invokers = invokers;
      this.batchSize = batchSize;
      this.batchingWindowMillis = batchingWindowMillis;
    }

    @Override
    public void initialize(InitializationInput input) {
      shardId = input.shardId();
      lanes = new ShardLanes(shardId, invokers, batchSize, batchingWindowMillis);
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
      try {
        lanes.offer(input.records());
        Optional<String> finished = lanes.finishedThrough();
        if (finished.isPresent()) {
          input.checkpointer().checkpoint(finished.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        throw new IllegalStateException("cannot checkpoint shard " + shardId, e);
      }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
      lanes.close();
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
      try {
        // The children are read only once the parent is finished: every lane, every retry.
        lanes.awaitFinished();
        input.checkpointer().checkpoint();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        throw new IllegalStateException("cannot checkpoint the end of shard " + shardId, e);
      } finally {
        lanes.close();
      }
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
      try {
        lanes.finishedThrough().ifPresent(sequence -> checkpoint(input, sequence));
      } finally {
        lanes.close();
      }
    }

    private static void checkpoint(ShutdownRequestedInput input, String sequence) {
      try {
        input.checkpointer().checkpoint(sequence);
      } catch (Exception ignored) {
        // shutting down anyway; the next worker replays from the last checkpoint
      }
    }
  }
}
