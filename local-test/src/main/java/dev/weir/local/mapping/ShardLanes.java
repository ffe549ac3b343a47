package dev.weir.local.mapping;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * One shard's parallelization lanes, each running on its own, as Lambda runs them: a lane takes the
 * records of its partition keys (so each key's records stay in order), makes its own batches,
 * invokes, retries with backoff and bisects on its own, so a lane may be several batches ahead of
 * another lane of the shard, or behind it for as long as its retries last. The shard's position
 * (what the mapping may checkpoint) is the last record before the earliest one a lane has not
 * finished.
 */
final class ShardLanes implements AutoCloseable {
  /** How many batches a lane may have waiting before the shard's reader waits for it. */
  static final int MAX_WAITING_BATCHES = 8;

  private final String shardId;
  private final List<Lane> lanes = new ArrayList<>();
  private final int batchSize;
  private final long batchingWindowMillis;
  private final NavigableSet<BigInteger> unfinished = new ConcurrentSkipListSet<>();
  private final NavigableSet<BigInteger> offered = new ConcurrentSkipListSet<>();
  private volatile boolean closed;

  ShardLanes(
      String shardId, List<LambdaStyleInvoker> invokers, int batchSize, long batchingWindowMillis) {
    this.shardId = shardId;
    this.batchSize = batchSize;
    this.batchingWindowMillis = batchingWindowMillis;
    for (int i = 0; i < invokers.size(); i++) {
      Lane lane = new Lane(invokers.get(i), i);
      lanes.add(lane);
      lane.thread.start();
    }
  }

  /**
   * Hands {@code records} (in shard order) to their lanes, waiting while a lane has more than
   * {@link #MAX_WAITING_BATCHES} batches waiting: Lambda's reader does not run unboundedly ahead.
   */
  void offer(List<KinesisClientRecord> records) throws InterruptedException {
    for (KinesisClientRecord record : records) {
      BigInteger sequence = new BigInteger(record.sequenceNumber());
      unfinished.add(sequence);
      offered.add(sequence);
      Lane lane = lanes.get(Math.floorMod(record.partitionKey().hashCode(), lanes.size()));
      while (lane.waiting.size() >= MAX_WAITING_BATCHES * batchSize && !closed) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      lane.waiting.addLast(record);
    }
  }

  /**
   * The last record every lane has finished with, and everything before it: what the mapping may
   * checkpoint. Empty if none has been finished since the last call.
   */
  Optional<String> finishedThrough() {
    BigInteger firstUnfinished = unfinished.isEmpty() ? null : unfinished.first();
    BigInteger through =
        firstUnfinished == null ? lastOrNull(offered) : offered.lower(firstUnfinished);
    if (through == null) {
      return Optional.empty();
    }
    offered.headSet(through, true).clear();
    return Optional.of(through.toString());
  }

  /** Waits until every lane has finished every record offered (the shard's end). */
  void awaitFinished() throws InterruptedException {
    while (!unfinished.isEmpty() && !closed) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  @Override
  public void close() {
    closed = true;
    lanes.forEach(lane -> lane.thread.interrupt());
  }

  private static BigInteger lastOrNull(NavigableSet<BigInteger> set) {
    return set.isEmpty() ? null : set.last();
  }

  /** One lane: its own waiting records, batches and invocations. */
  private final class Lane {
    final LinkedBlockingDeque<KinesisClientRecord> waiting = new LinkedBlockingDeque<>();
    final LambdaStyleInvoker invoker;
    final Thread thread;

    Lane(LambdaStyleInvoker invoker, int index) {
      this.invoker = invoker;
      this.thread = new Thread(this::run, "weir-lane-" + shardId + "-" + index);
      thread.setDaemon(true);
    }

    private void run() {
      try {
        while (!closed) {
          List<KinesisClientRecord> batch = nextBatch();
          invoker.deliver(shardId, batch);
          batch.forEach(record -> unfinished.remove(new BigInteger(record.sequenceNumber())));
        }
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      }
    }

    /** Up to a batch of records: as many as wait, or as arrive within the batching window. */
    private List<KinesisClientRecord> nextBatch() throws InterruptedException {
      List<KinesisClientRecord> batch = new ArrayList<>();
      batch.add(waiting.takeFirst());
      long deadline = System.currentTimeMillis() + batchingWindowMillis;
      while (batch.size() < batchSize) {
        KinesisClientRecord next =
            waiting.pollFirst(
                Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        if (next == null) {
          break;
        }
        batch.add(next);
      }
      return batch;
    }
  }
}
