package dev.weir.bench.report;

import dev.weir.bench.stack.StackResult;

/**
 * Dollars per million events from measured counts times AWS list prices (us-east-1; AWS's DynamoDB,
 * Lambda and Kinesis Data Streams pricing pages; the README's Performance section says how costs
 * are derived), each function billed as it is deployed:
 *
 * <ul>
 *   <li>DynamoDB on-demand: the read and write units counted as AWS bills them;
 *   <li>the processor and the timer function: their handler time at the template's 1,024 MB on x86,
 *       and one Lambda request per invocation;
 *   <li>the watermark function, run by a schedule once a minute for as long as the run took: with a
 *       sweep interval under 60 s one invocation stays running the whole minute, ticking, and is
 *       billed 60 s; at 60 s (the template's default) it is one short invocation a minute, billed
 *       the mean sweep measured here;
 *   <li>Kinesis (provisioned streams, as the template deploys them): the PUT payload units of every
 *       record put, input events, Weir's timer ticks and the outputs. Shard hours are left out: the
 *       streams are the same for every contender, whatever goes through them.
 * </ul>
 */
public final class CostModel {
  public static final double WRITE_UNIT_USD = 0.625 / 1e6;
  public static final double READ_UNIT_USD = 0.125 / 1e6;
  public static final double LAMBDA_GB_SECOND_USD = 0.0000166667;
  public static final double LAMBDA_REQUEST_USD = 0.20 / 1e6;
  public static final double MEMORY_GB = 1.0;
  public static final double KINESIS_PUT_PAYLOAD_UNIT_USD = 0.014 / 1e6;

  /** A scheduled invocation ticking under a minute apart runs this long. */
  static final double SCHEDULE_SECONDS = 60;

  /** Each part's dollars per million events. */
  public record Breakdown(
      double dynamoDb, double processor, double watermark, double timer, double kinesis) {
    public double total() {
      return dynamoDb + processor + watermark + timer + kinesis;
    }
  }

  private CostModel() {}

  /** The cost of a million events at the rates {@code result} measured. */
  public static double perMillionEvents(StackResult result) {
    return breakdown(result).total();
  }

  /** That cost, part by part. */
  public static Breakdown breakdown(StackResult result) {
    double events = result.events();
    StackResult.Scheduled scheduled = result.scheduled();
    double dynamoDb =
        result.writeUnitsPerEvent() * WRITE_UNIT_USD + result.readUnitsPerEvent() * READ_UNIT_USD;
    double processor = lambda(result.handlerSeconds(), result.invocations()) / events;
    double timer = lambda(scheduled.timerSeconds(), scheduled.timerInvocations()) / events;
    double watermark = watermark(scheduled, result.wallSeconds()) / events;
    double kinesis = result.records().putPayloadUnits() * KINESIS_PUT_PAYLOAD_UNIT_USD / events;
    return new Breakdown(
        dynamoDb * 1e6, processor * 1e6, watermark * 1e6, timer * 1e6, kinesis * 1e6);
  }

  /** The watermark function as deployed, over {@code wallSeconds}; nothing for the baselines. */
  static double watermark(StackResult.Scheduled scheduled, double wallSeconds) {
    if (scheduled.sweepIntervalSeconds() <= 0) {
      return 0;
    }
    double secondsPerMinute =
        scheduled.sweepIntervalSeconds() < SCHEDULE_SECONDS
            ? SCHEDULE_SECONDS
            : scheduled.watermarkInvocations() == 0
                ? 0
                : scheduled.watermarkSeconds() / scheduled.watermarkInvocations();
    return wallSeconds / 60 * (secondsPerMinute * MEMORY_GB * LAMBDA_GB_SECOND_USD)
        + wallSeconds / 60 * LAMBDA_REQUEST_USD;
  }

  private static double lambda(double seconds, long invocations) {
    return seconds * MEMORY_GB * LAMBDA_GB_SECOND_USD + invocations * LAMBDA_REQUEST_USD;
  }

  /** The prices, as the report states them. */
  public static String describe() {
    return "DynamoDB on-demand $0.625/M write units, $0.125/M read units, as AWS bills them;"
        + " Lambda x86 $0.0000166667/GB-s at 1 GB and $0.20/M requests, the watermark function"
        + " once a minute for as long as the run took (60 s a minute when it sweeps more often,"
        + " else its measured sweep); Kinesis provisioned $0.014/M PUT payload units (25 KB) for"
        + " input events, timer ticks and outputs, shard hours excluded (the same for every"
        + " contender); us-east-1 list prices";
  }
}
