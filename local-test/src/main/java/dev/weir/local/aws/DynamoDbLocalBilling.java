package dev.weir.local.aws;

import dev.weir.store.dynamodb.CapacityBilling;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * What AWS bills where DynamoDB Local reports otherwise, so that a run on it counts what the same
 * requests would cost on AWS. Each rule is one DynamoDB Local was shown to get wrong (see {@code
 * DynamoDbLocalBillingIT}); everything else it reports as AWS bills, and is taken as reported. By
 * AWS's "DynamoDB read and write operations"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html):
 *
 * <ul>
 *   <li>a read of an item that does not exist still consumes read capacity, and {@code
 *       BatchGetItem} reads each item as a {@code GetItem} of its own: each requested key that was
 *       neither returned nor left unprocessed is billed one read unit (strongly consistent) or half
 *       of one; DynamoDB Local bills nothing for it;
 *   <li>a {@code Query} or {@code Scan} that finds nothing is still billed a read (half a unit
 *       eventually consistent, as every read of a global secondary index is); DynamoDB Local bills
 *       none;
 *   <li>a conditional write whose condition fails is billed the write units of the stored item (at
 *       least one); DynamoDB Local answers with an error and no capacity. To size the stored item,
 *       every conditional {@code PutItem}, {@code UpdateItem} and {@code DeleteItem} asks for it on
 *       failure ({@code ReturnValuesOnConditionCheckFailure.ALL_OLD}, which AWS does not bill).
 * </ul>
 */
public final class DynamoDbLocalBilling implements CapacityBilling {
  public static final DynamoDbLocalBilling INSTANCE = new DynamoDbLocalBilling();

  private static final double KB = 1024;
  private static final ReturnValuesOnConditionCheckFailure ALL_OLD =
      ReturnValuesOnConditionCheckFailure.ALL_OLD;

  private DynamoDbLocalBilling() {}

  @Override
  public SdkRequest prepare(SdkRequest request) {
    if (request instanceof PutItemRequest r && r.conditionExpression() != null) {
      return r.returnValuesOnConditionCheckFailure() == null
          ? r.toBuilder().returnValuesOnConditionCheckFailure(ALL_OLD).build()
          : r;
    }
    if (request instanceof UpdateItemRequest r && r.conditionExpression() != null) {
      return r.returnValuesOnConditionCheckFailure() == null
          ? r.toBuilder().returnValuesOnConditionCheckFailure(ALL_OLD).build()
          : r;
    }
    if (request instanceof DeleteItemRequest r && r.conditionExpression() != null) {
      return r.returnValuesOnConditionCheckFailure() == null
          ? r.toBuilder().returnValuesOnConditionCheckFailure(ALL_OLD).build()
          : r;
    }
    return request;
  }

  @Override
  public List<Units> corrections(SdkRequest request, SdkResponse response) {
    if (request instanceof BatchGetItemRequest r && response instanceof BatchGetItemResponse a) {
      return missingItems(r, a);
    }
    if (request instanceof QueryRequest r && response instanceof QueryResponse a) {
      return nothingFound(
          r.tableName(), a.consumedCapacity(), r.indexName() == null && isTrue(r.consistentRead()));
    }
    if (request instanceof ScanRequest r && response instanceof ScanResponse a) {
      return nothingFound(
          r.tableName(), a.consumedCapacity(), r.indexName() == null && isTrue(r.consistentRead()));
    }
    return List.of();
  }

  @Override
  public List<Units> failed(SdkRequest request, Throwable failure) {
    if (!(failure instanceof ConditionalCheckFailedException e)) {
      return List.of();
    }
    String table =
        request instanceof PutItemRequest r
            ? r.tableName()
            : request instanceof UpdateItemRequest r
                ? r.tableName()
                : request instanceof DeleteItemRequest r ? r.tableName() : null;
    if (table == null) {
      return List.of();
    }
    long bytes = e.hasItem() ? ItemSize.bytes(e.item()) : 0;
    return List.of(new Units(table, 0, Math.max(1, Math.ceil(bytes / KB))));
  }

  private static List<Units> missingItems(
      BatchGetItemRequest request, BatchGetItemResponse answer) {
    List<Units> units = new ArrayList<>();
    for (Map.Entry<String, KeysAndAttributes> table : request.requestItems().entrySet()) {
      int requested = table.getValue().keys().size();
      int returned = answer.responses().getOrDefault(table.getKey(), List.of()).size();
      KeysAndAttributes left = answer.unprocessedKeys().get(table.getKey());
      int unprocessed = left == null ? 0 : left.keys().size();
      int missing = requested - returned - unprocessed;
      if (missing > 0) {
        double each = isTrue(table.getValue().consistentRead()) ? 1 : 0.5;
        units.add(new Units(table.getKey(), missing * each, 0));
      }
    }
    return units;
  }

  private static List<Units> nothingFound(
      String table, ConsumedCapacity reported, boolean strongly) {
    if (reported == null || reported.capacityUnits() == null || reported.capacityUnits() > 0) {
      return List.of();
    }
    return List.of(new Units(table, strongly ? 1 : 0.5, 0));
  }

  private static boolean isTrue(Boolean value) {
    return Boolean.TRUE.equals(value);
  }
}
