package dev.weir.engine;

import java.util.Objects;
import org.joda.time.Instant;

/**
 * One Kinesis record as the engine sees it.
 *
 * @param sequenceNumber the record's sequence number within its shard (a decimal string)
 * @param arrivalTime when Kinesis accepted the record
 */
public record InputRecord(
    String sequenceNumber, String partitionKey, byte[] data, Instant arrivalTime) {
  public InputRecord {
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(arrivalTime, "arrivalTime");
    if (sequenceNumber.isEmpty() || !sequenceNumber.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("sequence number must be decimal: " + sequenceNumber);
    }
  }
}
