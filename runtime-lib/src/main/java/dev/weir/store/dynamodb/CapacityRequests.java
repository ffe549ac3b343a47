package dev.weir.store.dynamodb;

import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Asks every DynamoDB request that can report its consumed capacity to report it per table and
 * index ({@code INDEXES}): whatever built the request (the store's own code, the enhanced client's
 * typed tables, a baseline handler), so that no request goes uncounted and an index's writes are
 * told apart from the table's.
 */
final class CapacityRequests {
  /** The model's name of the request member, the same in every operation that has it. */
  static final String MEMBER = "ReturnConsumedCapacity";

  private static final String INDEXES = ReturnConsumedCapacity.INDEXES.toString();

  private CapacityRequests() {}

  /**
   * {@code request} asking for {@code INDEXES}; unchanged if it has no such member or asks for it
   * already (the store's own requests do: no copy of them on every call).
   */
  static SdkRequest withIndexes(SdkRequest request) {
    for (SdkField<?> field : request.sdkFields()) {
      if (field.memberName().equals(MEMBER)) {
        if (INDEXES.equals(field.getValueOrDefault(request))) {
          return request;
        }
        SdkRequest.Builder builder = request.toBuilder();
        field.set(builder, INDEXES);
        return builder.build();
      }
    }
    return request;
  }
}
