package dev.weir.bench.stack;

/**
 * How Kinesis Data Streams counts a record put into a provisioned stream, the template's mode: in
 * PUT payload units of 25 KB, each record at least one (AWS's Kinesis Data Streams pricing page,
 * https://aws.amazon.com/kinesis/data-streams/pricing/).
 */
public final class KinesisPricing {
  /** Bytes of one PUT payload unit. */
  public static final int PUT_PAYLOAD_UNIT_BYTES = 25 * 1024;

  private KinesisPricing() {}

  /** The PUT payload units of a record of {@code bytes}. */
  public static long putPayloadUnits(int bytes) {
    return Math.max(1, (bytes + PUT_PAYLOAD_UNIT_BYTES - 1) / PUT_PAYLOAD_UNIT_BYTES);
  }
}
