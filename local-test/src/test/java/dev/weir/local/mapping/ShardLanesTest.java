package dev.weir.local.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/** A shard's lanes run on their own, as Lambda's parallelization lanes do. */
class ShardLanesTest {
  private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());

  /** A partition key of lane {@code lane} of two. */
  private static String keyOfLane(int lane, int n) {
    for (int i = n; ; i++) {
      String key = "key-" + i;
      if (Math.floorMod(key.hashCode(), 2) == lane) {
        return key;
      }
    }
  }

  private static KinesisClientRecord record(long sequence, String partitionKey) {
    return KinesisClientRecord.builder()
        .sequenceNumber(Long.toString(sequence))
        .partitionKey(partitionKey)
        .data(ByteBuffer.wrap(new byte[] {1}))
        .approximateArrivalTimestamp(Instant.now())
        .build();
  }

  private LambdaStyleInvoker lane(CountDownLatch release, AtomicInteger throwsLeft) {
    return new LambdaStyleInvoker(
        "arn:aws:kinesis:local:0:stream/in",
        (KinesisEvent event, com.amazonaws.services.lambda.runtime.Context context) -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          if (throwsLeft.getAndDecrement() > 0) {
            throw new IllegalStateException("throttled");
          }
          event.getRecords().forEach(r -> delivered.add(r.getKinesis().getSequenceNumber()));
          return new StreamsEventResponse(List.of());
        },
        new MappingSettings(2, 0, false, 10, 3_600_000, 2),
        records -> {},
        Clock.systemUTC(),
        BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(50)));
  }

  @Test
  void aLaneRunsSeveralBatchesAheadOfAStalledOneAndTheCheckpointWaitsForIt() throws Exception {
    CountDownLatch stalled = new CountDownLatch(1);
    CountDownLatch free = new CountDownLatch(0);
    ShardLanes lanes =
        new ShardLanes(
            "shard-0",
            List.of(lane(stalled, new AtomicInteger()), lane(free, new AtomicInteger())),
            2,
            0);
    List<KinesisClientRecord> records = new ArrayList<>();
    records.add(record(1, keyOfLane(0, 0)));
    for (int i = 2; i <= 9; i++) {
      records.add(record(i, keyOfLane(1, i)));
    }

    lanes.offer(records);
    waitFor(() -> delivered.size() == 8);

    assertThat(delivered).as("lane 1's four batches, while lane 0 is stalled").hasSize(8);
    assertThat(lanes.finishedThrough()).as("record 1 is not finished").isEmpty();

    stalled.countDown();
    lanes.awaitFinished();
    assertThat(delivered).contains("1");
    assertThat(lanes.finishedThrough()).contains("9");
    lanes.close();
  }

  @Test
  void aBatchThatThrowsIsRetriedLaterWhileTheOtherLaneGoesOn() throws Exception {
    CountDownLatch free = new CountDownLatch(0);
    AtomicInteger lane0Throws = new AtomicInteger(3);
    ShardLanes lanes =
        new ShardLanes(
            "shard-0", List.of(lane(free, lane0Throws), lane(free, new AtomicInteger())), 2, 0);

    lanes.offer(List.of(record(1, keyOfLane(0, 0)), record(2, keyOfLane(1, 0))));
    lanes.awaitFinished();

    assertThat(delivered).as("lane 1 finished first: lane 0 was backing off").startsWith("2");
    assertThat(delivered).containsExactly("2", "1");
    lanes.close();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }
}
