package dev.weir.local.faults;

import dev.weir.local.stack.EmulatedStack;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Reshards the input stream while records flow, as an operator scaling it would: splits a random
 * open shard at the middle of its hash range, then merges a random pair of adjacent open shards.
 * Records of a key then move to a child shard, whose reads start only once the parent is read to
 * its end.
 */
final class Resharding {
  static final String SPLIT = "shard-split";
  static final String MERGE = "shard-merge";

  private static final long ACTIVE_TIMEOUT_MILLIS = 30_000;

  private Resharding() {}

  static void splitThenMerge(EmulatedStack stack, FaultPlan plan, Random random) {
    KinesisClient kinesis = stack.kinesis();
    String stream = stack.inputStream();
    List<Shard> open = openShards(kinesis, stream);
    Shard split = open.get(random.nextInt(open.size()));
    BigInteger start = new BigInteger(split.hashKeyRange().startingHashKey());
    BigInteger end = new BigInteger(split.hashKeyRange().endingHashKey());
    kinesis.splitShard(
        r ->
            r.streamName(stream)
                .shardToSplit(split.shardId())
                .newStartingHashKey(start.add(end).add(BigInteger.ONE).shiftRight(1).toString()));
    plan.count(SPLIT);
    awaitActive(kinesis, stream);

    open = openShards(kinesis, stream);
    int first = random.nextInt(open.size() - 1);
    Shard left = open.get(first);
    Shard right = open.get(first + 1);
    kinesis.mergeShards(
        r ->
            r.streamName(stream)
                .shardToMerge(left.shardId())
                .adjacentShardToMerge(right.shardId()));
    plan.count(MERGE);
    awaitActive(kinesis, stream);
  }

  /** The shards still taking records, by hash range. */
  private static List<Shard> openShards(KinesisClient kinesis, String stream) {
    return kinesis.listShards(r -> r.streamName(stream)).shards().stream()
        .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
        .sorted(Comparator.comparing(s -> new BigInteger(s.hashKeyRange().startingHashKey())))
        .toList();
  }

  private static void awaitActive(KinesisClient kinesis, String stream) {
    long deadline = System.currentTimeMillis() + ACTIVE_TIMEOUT_MILLIS;
    while (kinesis
            .describeStreamSummary(r -> r.streamName(stream))
            .streamDescriptionSummary()
            .streamStatus()
        != StreamStatus.ACTIVE) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("stream " + stream + " did not become active again");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while resharding", e);
      }
    }
  }
}
