package dev.weir.store.dynamodb;

import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

/**
 * How the capacity DynamoDB reports becomes the capacity AWS bills. On AWS the two are the same
 * ({@link #AS_REPORTED}); an emulator that reports some requests differently from AWS (DynamoDB
 * Local bills nothing for a {@code BatchGetItem}'s missing items, for instance) is given a model
 * that adds what it left out, so that what is counted on it is what AWS would bill.
 */
public interface CapacityBilling {
  /** DynamoDB's own reports, unchanged: what AWS bills. */
  CapacityBilling AS_REPORTED = new CapacityBilling() {};

  /** Units billed to one table (its indexes included) beyond what DynamoDB reported. */
  record Units(String table, double readUnits, double writeUnits) {}

  /**
   * The request to send in place of {@code request}: a model may ask DynamoDB for what it needs to
   * bill the answer (e.g. the stored item when a condition fails), never for anything that changes
   * what the request does.
   */
  default SdkRequest prepare(SdkRequest request) {
    return request;
  }

  /** What {@code request}, which succeeded with {@code response}, is billed beyond the report. */
  default List<Units> corrections(SdkRequest request, SdkResponse response) {
    return List.of();
  }

  /** What {@code request}, which failed with {@code failure}, is billed (DynamoDB reports none). */
  default List<Units> failed(SdkRequest request, Throwable failure) {
    return List.of();
  }
}
