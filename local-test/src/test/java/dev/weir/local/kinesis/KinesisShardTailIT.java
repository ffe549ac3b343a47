package dev.weir.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.InputRecord;
import dev.weir.engine.ShardTail;
import dev.weir.functions.adapters.KinesisShardTail;
import dev.weir.local.aws.EmbeddedKinesis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The sweep's read of a shard on kinesalite, which reports every read zero milliseconds behind the
 * latest record, whatever follows it: a read is at the shard's tip only when it took less than it
 * could, or the shard has ended; a full read never is (taking it for the tip would make a shard
 * whose lanes are behind look idle).
 */
class KinesisShardTailIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String STREAM = "tail";
  private static EmbeddedKinesis emulator;
  private static KinesisClient kinesis;
  private static String shardId;

  @BeforeAll
  static void start() throws Exception {
    emulator = EmbeddedKinesis.start(ROOT.resolve("local-test/src/main/node/node_modules"));
    kinesis = LocalStreams.client(emulator);
    kinesis.createStream(r -> r.streamName(STREAM).shardCount(1));
    LocalStreams.awaitActive(kinesis, STREAM);
    shardId = kinesis.listShards(r -> r.streamName(STREAM)).shards().get(0).shardId();
    for (int i = 1; i <= 5; i++) {
      String data = "record-" + i;
      kinesis.putRecord(
          r ->
              r.streamName(STREAM)
                  .partitionKey("k")
                  .data(SdkBytes.fromString(data, StandardCharsets.UTF_8)));
    }
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void aFullReadIsNotTheTipAndAShortOneIs() {
    ShardTail tail = new KinesisShardTail(kinesis, STREAM);

    ShardTail.Read first = tail.after(shardId, null, 2);
    assertThat(first.records()).hasSize(2);
    assertThat(first.atTip()).as("three records follow the two read").isFalse();

    ShardTail.Read rest = tail.after(shardId, last(first.records()), 10);
    assertThat(rest.records())
        .extracting(r -> new String(r.data(), StandardCharsets.UTF_8))
        .containsExactly("record-3", "record-4", "record-5");
    assertThat(rest.atTip()).isTrue();

    ShardTail.Read none = tail.after(shardId, last(rest.records()), 10);
    assertThat(none.records()).isEmpty();
    assertThat(none.atTip()).isTrue();
  }

  private static String last(List<InputRecord> records) {
    return records.get(records.size() - 1).sequenceNumber();
  }
}
