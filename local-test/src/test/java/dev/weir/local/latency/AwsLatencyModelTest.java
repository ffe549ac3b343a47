package dev.weir.local.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The model's draws follow its figures, and the same seed draws the same latencies. */
class AwsLatencyModelTest {
  private final AwsLatencyModel model = AwsLatencyModel.inRegion();

  @Test
  void everyOperationTheStackCallsHasItsOwnFigures() {
    List<String> operations =
        List.of(
            "DynamoDb.GetItem",
            "DynamoDb.PutItem",
            "DynamoDb.UpdateItem",
            "DynamoDb.DeleteItem",
            "DynamoDb.Query",
            "DynamoDb.BatchGetItem",
            "DynamoDb.BatchWriteItem",
            "DynamoDb.TransactWriteItems",
            "DynamoDb.TransactGetItems",
            "DynamoDb.Scan",
            "Kinesis.PutRecords",
            "Kinesis.PutRecord",
            "Kinesis.GetRecords",
            "Kinesis.GetShardIterator",
            "Kinesis.ListShards",
            "Kinesis.DescribeStreamSummary",
            "Scheduler.CreateSchedule",
            "Scheduler.DeleteSchedule",
            "Scheduler.GetSchedule",
            "Sqs.SendMessage",
            "Sqs.SendMessageBatch");

    assertThat(model.operations()).containsOnlyKeys(operations);
    assertThat(model.operations().values())
        .allSatisfy(latency -> assertThat(latency.source()).isNotBlank());
  }

  @Test
  void aRunNamesItsProfileByWhetherItHasAModel() {
    assertThat(AwsLatencyModel.profileOf(model)).isEqualTo("awsLatency");
    assertThat(AwsLatencyModel.profileOf(null)).isEqualTo("default");
  }

  @Test
  void anOperationNotListedTakesTheDefault() {
    assertThat(model.of("DynamoDb", "CreateTable")).isEqualTo(model.otherwise());
    assertThat(model.of("DynamoDb", "GetItem")).isNotEqualTo(model.otherwise());
  }

  @Test
  void drawsHaveTheMedianAndTheNinetyNinthPercentileOfTheFigures() {
    OperationLatency putItem = model.of("DynamoDb", "PutItem");
    long[] nanos =
        LongStream.range(0, 200_000)
            .map(n -> model.sampleNanos("DynamoDb", "PutItem", n))
            .toArray();
    Arrays.sort(nanos);

    assertThat(nanos[0]).isPositive();
    assertThat(nanos[nanos.length / 2] / 1e6)
        .isCloseTo(putItem.medianMillis(), within(putItem.medianMillis() * 0.02));
    assertThat(nanos[nanos.length * 99 / 100] / 1e6)
        .isCloseTo(putItem.p99Millis(), within(putItem.p99Millis() * 0.04));
  }

  @Test
  void theSameSeedDrawsTheSameLatenciesAndAnotherSeedOthers() {
    long[] first = draws(model);
    long[] again = draws(AwsLatencyModel.inRegion());
    long[] other = draws(model.withSeed(7));

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void aLatencyWhoseMedianIsItsNinetyNinthPercentileIsFixed() {
    AwsLatencyModel fixed =
        new AwsLatencyModel(
            java.util.Map.of("DynamoDb.GetItem", new OperationLatency(30, 30, "test")),
            new OperationLatency(5, 5, "test"),
            1);

    assertThat(LongStream.range(0, 1_000).map(n -> fixed.sampleNanos("DynamoDb", "GetItem", n)))
        .containsOnly(30_000_000L);
  }

  @Test
  void aNinetyNinthPercentileBelowTheMedianIsRejected() {
    assertThatThrownBy(() -> new OperationLatency(10, 5, "test"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OperationLatency(0, 5, "test"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static long[] draws(AwsLatencyModel model) {
    return LongStream.range(0, 100)
        .map(n -> model.sampleNanos("Kinesis", "PutRecords", n))
        .toArray();
  }
}
