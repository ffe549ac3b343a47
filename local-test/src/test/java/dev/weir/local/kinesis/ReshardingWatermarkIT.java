package dev.weir.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.functions.adapters.KinesisShardActivity;
import dev.weir.functions.adapters.KinesisShardTopology;
import dev.weir.local.aws.EmbeddedKinesis;
import dev.weir.store.ShardRecord;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.watermark.ShardWatermarks;
import dev.weir.watermark.WatermarkPolicy;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.joda.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A real {@code SplitShard} and {@code MergeShards} on kinesalite: a parent processed to its last
 * record closes (its ending sequence number is not a record's, so only the shard end Kinesis
 * signals can tell), and empty children are idle, so the global watermark moves on past the
 * parent's instead of staying there for good.
 */
class ReshardingWatermarkIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String STREAM = "resharding";
  private static EmbeddedKinesis emulator;
  private static KinesisClient kinesis;

  @BeforeAll
  static void start() throws Exception {
    emulator = EmbeddedKinesis.start(ROOT.resolve("local-test/src/main/node/node_modules"));
    kinesis = LocalStreams.client(emulator);
    kinesis.createStream(r -> r.streamName(STREAM).shardCount(1));
    awaitActive();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void aProcessedParentClosesAndItsEmptyChildrenFollowTheClock() {
    String last = null;
    for (int i = 0; i < 3; i++) {
      String key = "k" + i;
      last =
          kinesis
              .putRecord(
                  r -> r.streamName(STREAM).partitionKey(key).data(SdkBytes.fromUtf8String(key)))
              .sequenceNumber();
    }
    Shard parent = shards().get(0);
    BigInteger end = new BigInteger(parent.hashKeyRange().endingHashKey());
    kinesis.splitShard(
        r ->
            r.streamName(STREAM)
                .shardToSplit(parent.shardId())
                .newStartingHashKey(end.shiftRight(1).toString()));
    awaitActive();
    List<Shard> children = shards().subList(1, 3);
    kinesis.mergeShards(
        r ->
            r.streamName(STREAM)
                .shardToMerge(children.get(0).shardId())
                .adjacentShardToMerge(children.get(1).shardId()));
    awaitActive();

    // The processor read the parent up to its last record; nothing was written since the split.
    InMemoryStore store = new InMemoryStore();
    store.replaceShard(
        Optional.empty(),
        new ShardRecord(parent.shardId(), 95_000, 100_000, last, List.of(), false));
    new KinesisShardTopology(kinesis, STREAM).refresh(store);

    assertThat(store.shard(parent.shardId()).orElseThrow().closed())
        .as("a parent read to its end closes")
        .isTrue();
    ShardRecord merged = store.shard(shards().get(3).shardId()).orElseThrow();
    assertThat(merged.parentShardIds())
        .containsExactlyInAnyOrder(children.get(0).shardId(), children.get(1).shardId());
    KinesisShardActivity activity = new KinesisShardActivity(kinesis, STREAM);
    assertThat(activity.isCaughtUp(merged)).as("an empty child is idle").isTrue();

    long now = 1_000_000;
    assertThat(
            ShardWatermarks.global(
                store.shards(),
                activity,
                WatermarkPolicy.boundedOutOfOrderness(Duration.standardSeconds(5)),
                now))
        .as("the global watermark follows the clock, not the closed parent's 95 s")
        .hasValue(now - 5_000);
  }

  @Test
  void aShardWithUnprocessedRecordsIsNotIdleEvenIfNoneWasProcessed() {
    kinesis.createStream(r -> r.streamName("backlog").shardCount(1));
    awaitActive("backlog");
    kinesis.putRecord(
        r -> r.streamName("backlog").partitionKey("k").data(SdkBytes.fromUtf8String("waiting")));
    String shardId = kinesis.listShards(r -> r.streamName("backlog")).shards().get(0).shardId();

    assertThat(
            new KinesisShardActivity(kinesis, "backlog")
                .isCaughtUp(
                    new ShardRecord(
                        shardId, Long.MIN_VALUE, Long.MIN_VALUE, null, List.of(), false)))
        .isFalse();
  }

  private static List<Shard> shards() {
    return kinesis.listShards(r -> r.streamName(STREAM)).shards();
  }

  private static void awaitActive() {
    awaitActive(STREAM);
  }

  private static void awaitActive(String stream) {
    LocalStreams.awaitActive(kinesis, stream);
  }
}
