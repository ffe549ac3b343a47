package dev.weir.local.moto;

import dev.weir.local.infra.PermissionCheck.KeyedCall;
import dev.weir.store.dynamodb.DynamoDbSchema;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Records, before each DynamoDB request is sent, the partition key of every item it touches with
 * the IAM action and table ARN: what {@code dynamodb:LeadingKeys} conditions are evaluated on. moto
 * evaluates no such condition (it ignores a policy's resources and, of conditions, knows only trust
 * policies' {@code StringEquals}), so, like resource ARNs, the template's conditions are checked
 * against these records by {@code PermissionCheck.checkLeadingKeys}. Queries are not recorded: no
 * statement bounds them by partition.
 */
final class LeadingKeysRecorder implements ExecutionInterceptor {
  private final String account;
  private final Set<KeyedCall> calls = ConcurrentHashMap.newKeySet();

  LeadingKeysRecorder(String account) {
    this.account = account;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String region =
        Optional.ofNullable(attributes.getAttribute(AwsExecutionAttribute.AWS_REGION))
            .map(Region::id)
            .orElse("us-east-1");
    SdkRequest request = context.request();
    if (request instanceof PutItemRequest put) {
      add("PutItem", region, put.tableName(), put.item());
    } else if (request instanceof UpdateItemRequest update) {
      add("UpdateItem", region, update.tableName(), update.key());
    } else if (request instanceof DeleteItemRequest delete) {
      add("DeleteItem", region, delete.tableName(), delete.key());
    } else if (request instanceof GetItemRequest get) {
      add("GetItem", region, get.tableName(), get.key());
    } else if (request instanceof BatchGetItemRequest batch) {
      batch
          .requestItems()
          .forEach(
              (table, keys) -> keys.keys().forEach(k -> add("BatchGetItem", region, table, k)));
    } else if (request instanceof BatchWriteItemRequest batch) {
      batch.requestItems().forEach((table, writes) -> writes.forEach(w -> add(region, table, w)));
    } else if (request instanceof TransactWriteItemsRequest transaction) {
      transaction.transactItems().forEach(item -> add(region, item));
    }
  }

  private void add(String region, String table, WriteRequest write) {
    if (write.putRequest() != null) {
      add("BatchWriteItem", region, table, write.putRequest().item());
    } else if (write.deleteRequest() != null) {
      add("BatchWriteItem", region, table, write.deleteRequest().key());
    }
  }

  /** A transaction's items are authorized each as its own action. */
  private void add(String region, TransactWriteItem item) {
    if (item.put() != null) {
      add("PutItem", region, item.put().tableName(), item.put().item());
    } else if (item.update() != null) {
      add("UpdateItem", region, item.update().tableName(), item.update().key());
    } else if (item.delete() != null) {
      add("DeleteItem", region, item.delete().tableName(), item.delete().key());
    } else if (item.conditionCheck() != null) {
      add(
          "ConditionCheckItem",
          region,
          item.conditionCheck().tableName(),
          item.conditionCheck().key());
    }
  }

  private void add(String action, String region, String table, Map<String, AttributeValue> key) {
    AttributeValue partition = key == null ? null : key.get(DynamoDbSchema.PARTITION_KEY);
    String arn =
        table.startsWith("arn:")
            ? table
            : String.join(":", "arn", "aws", "dynamodb", region, account, "table/" + table);
    calls.add(
        new KeyedCall("dynamodb:" + action, arn, partition == null ? "(none)" : partition.s()));
  }

  /** Every item call recorded so far. */
  SortedSet<KeyedCall> calls() {
    return new TreeSet<>(calls);
  }
}
