package dev.weir.bench.report;

import dev.weir.bench.stack.StackResult;

/**
 * Dollars per million events from measured counts times AWS list prices (us-east-1, on-demand, as
 * AWS's DynamoDB and Lambda pricing pages list them; the README's Performance section says how
 * costs are derived): DynamoDB capacity units, Lambda duration at the template's 1,024 MB on x86
 * for the handler time measured here (every function of the contender), and one Lambda request per
 * invocation. Kinesis is left out: every contender reads and writes the same streams.
 */
public final class CostModel {
  public static final double WRITE_UNIT_USD = 0.625 / 1e6;
  public static final double READ_UNIT_USD = 0.125 / 1e6;
  public static final double LAMBDA_GB_SECOND_USD = 0.0000166667;
  public static final double LAMBDA_REQUEST_USD = 0.20 / 1e6;
  public static final double MEMORY_GB = 1.0;

  private CostModel() {}

  /** The cost of a million events at the rates {@code result} measured. */
  public static double perMillionEvents(StackResult result) {
    double perEvent =
        result.writeUnitsPerEvent() * WRITE_UNIT_USD
            + result.readUnitsPerEvent() * READ_UNIT_USD
            + (result.handlerSeconds() + result.otherFunctionSeconds())
                / result.events()
                * MEMORY_GB
                * LAMBDA_GB_SECOND_USD
            + (double) (result.invocations() + result.otherFunctionInvocations())
                / result.events()
                * LAMBDA_REQUEST_USD;
    return perEvent * 1e6;
  }

  /** The prices, as the report states them. */
  public static String describe() {
    return "DynamoDB on-demand $0.625/M write units, $0.125/M read units; Lambda x86"
        + " $0.0000166667/GB-s at 1 GB and $0.20/M requests (us-east-1 list prices);"
        + " Kinesis excluded (the same for every contender)";
  }
}
