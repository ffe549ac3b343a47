package dev.weir.local.latency;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How long each AWS operation takes for a client in the same region (a Lambda function), and a
 * deterministic draw from that distribution for the n-th call: the same seed gives the same
 * sequence of latencies, so two runs of a benchmark pace their calls alike.
 *
 * <p>{@link #inRegion()} holds the figures and their sources; the README's "AWS latency profile"
 * lists them with the addresses of those sources. AWS publishes few per-call figures: DynamoDB's
 * "single-digit millisecond" average for single-item operations, and an example of 20 ms for SQS.
 * Everything else is an estimate, and each says why it was chosen.
 *
 * @param operations the latency of each operation, by {@code Service.Operation} as the SDK names
 *     them (e.g. {@code DynamoDb.GetItem})
 * @param otherwise the latency of any operation not listed
 * @param seed where the sequence of draws starts
 */
public record AwsLatencyModel(
    Map<String, OperationLatency> operations, OperationLatency otherwise, long seed) {
  /** The name of the run profile with this model on, as the demo's and bench's JSON report it. */
  public static final String PROFILE = "awsLatency";

  /** The name of the run profile without it: the emulators at their own pace. */
  public static final String NO_PROFILE = "default";

  private static final String DYNAMODB_AVERAGE =
      "AWS: single-item operations average single-digit ms; measured from Lambda: PutItem p50 7.6"
          + " p99 16.2 ms";
  private static final String DYNAMODB_ESTIMATE =
      "estimate: AWS gives no figure (depends on result size); small results, as Weir reads";
  private static final String KINESIS_ESTIMATE =
      "estimate: AWS gives no per-call figure, only ~200 ms put-to-get with polling and ~70 ms"
          + " with enhanced fan-out, which bound a put from above";
  private static final String SCHEDULER_ESTIMATE =
      "estimate: AWS gives no figure; a control-plane write, slower than a data-plane one";

  public AwsLatencyModel {
    operations = Map.copyOf(operations);
  }

  /** The in-region figures, sources and estimates alike, drawn from seed 42. */
  public static AwsLatencyModel inRegion() {
    Map<String, OperationLatency> ops = new LinkedHashMap<>();
    ops.put("DynamoDb.GetItem", new OperationLatency(4, 15, DYNAMODB_AVERAGE));
    ops.put("DynamoDb.PutItem", new OperationLatency(7, 18, DYNAMODB_AVERAGE));
    ops.put("DynamoDb.UpdateItem", new OperationLatency(7, 18, DYNAMODB_AVERAGE));
    ops.put("DynamoDb.DeleteItem", new OperationLatency(7, 18, DYNAMODB_AVERAGE));
    ops.put("DynamoDb.Query", new OperationLatency(6, 25, DYNAMODB_ESTIMATE));
    ops.put("DynamoDb.Scan", new OperationLatency(20, 80, DYNAMODB_ESTIMATE));
    ops.put("DynamoDb.BatchGetItem", new OperationLatency(8, 30, DYNAMODB_ESTIMATE));
    ops.put(
        "DynamoDb.BatchWriteItem",
        new OperationLatency(10, 28, "measured from Lambda, 25 items: p50 10.2, p99 27.6 ms"));
    ops.put(
        "DynamoDb.TransactWriteItems",
        new OperationLatency(25, 90, "measured from Lambda, 5 items: p50 25.3, p99 92.5 ms"));
    ops.put(
        "DynamoDb.TransactGetItems",
        new OperationLatency(
            15, 60, "estimate: between a batch read and a transactional write (no figure)"));
    ops.put("Kinesis.PutRecords", new OperationLatency(15, 60, KINESIS_ESTIMATE));
    ops.put("Kinesis.PutRecord", new OperationLatency(12, 50, KINESIS_ESTIMATE));
    ops.put("Kinesis.GetRecords", new OperationLatency(10, 50, KINESIS_ESTIMATE));
    ops.put("Kinesis.GetShardIterator", new OperationLatency(8, 30, KINESIS_ESTIMATE));
    ops.put("Kinesis.ListShards", new OperationLatency(15, 60, KINESIS_ESTIMATE));
    ops.put("Kinesis.DescribeStreamSummary", new OperationLatency(15, 60, KINESIS_ESTIMATE));
    ops.put("Scheduler.CreateSchedule", new OperationLatency(40, 150, SCHEDULER_ESTIMATE));
    ops.put("Scheduler.DeleteSchedule", new OperationLatency(35, 120, SCHEDULER_ESTIMATE));
    ops.put("Scheduler.GetSchedule", new OperationLatency(20, 80, SCHEDULER_ESTIMATE));
    ops.put(
        "Sqs.SendMessage",
        new OperationLatency(17, 70, "AWS's example: 20 ms average in region (mean of this fit)"));
    ops.put(
        "Sqs.SendMessageBatch",
        new OperationLatency(22, 90, "estimate: SendMessage's, a little more for ten messages"));
    return new AwsLatencyModel(
        ops, new OperationLatency(20, 80, "estimate: any other call, e.g. creating resources"), 42);
  }

  /** The same figures, drawn from another seed. */
  public AwsLatencyModel withSeed(long other) {
    return new AwsLatencyModel(operations, otherwise, other);
  }

  /** The profile a run with {@code model} (null for none) reports. */
  public static String profileOf(AwsLatencyModel model) {
    return model == null ? NO_PROFILE : PROFILE;
  }

  /** The latency of {@code operation} of {@code service}, or the default. */
  public OperationLatency of(String service, String operation) {
    return operations.getOrDefault(service + "." + operation, otherwise);
  }

  /**
   * The latency of the {@code n}-th call, an operation of {@code service}, in nanoseconds: its
   * distribution's quantile at the n-th of a seeded sequence of standard normal draws.
   */
  public long sampleNanos(String service, String operation, long n) {
    return of(service, operation).nanosAt(standardNormal(n));
  }

  /**
   * The n-th standard normal draw from {@link #seed}: a generator of its own per draw, so that the
   * n-th call draws the same whichever thread makes it (seeds far apart for neighbouring models).
   */
  double standardNormal(long n) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n).nextGaussian();
  }
}
