package dev.weir.functions.wiring;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleRequest;

/**
 * What IAM authorizes for one SDK request: its actions and the ARNs they act on. Most operations
 * are one action of the same name on the resource the request names; the exceptions are IAM's own
 * rules: a transaction needs each item's action ({@code TransactWriteItems} is not an IAM action),
 * a batch send needs {@code sqs:SendMessage}, a query on an index acts on the index's ARN, and a
 * schedule that names a role passes it ({@code iam:PassRole}).
 */
final class IamRequests {
  private final String partition;
  private final String region;
  private final String account;

  /** ARNs in {@code partition}, {@code region} and {@code account}. */
  IamRequests(String partition, String region, String account) {
    this.partition = partition;
    this.region = region;
    this.account = account;
  }

  /** The same ARNs in another region. */
  IamRequests inRegion(String otherRegion) {
    return otherRegion.equals(region) ? this : new IamRequests(partition, otherRegion, account);
  }

  /**
   * The permissions {@code request} needs; {@code stream} names the Kinesis stream of a request
   * that names none itself (GetRecords with a shard iterator, ListShards with a page token).
   */
  List<AwsCall> calls(String service, String operation, SdkRequest request, String stream) {
    List<AwsCall> calls = new ArrayList<>();
    switch (service) {
      case "dynamodb" -> dynamoDb(operation, request, calls);
      case "kinesis" ->
          calls.add(new AwsCall("kinesis:" + operation, kinesisStream(request, stream)));
      case "sqs" -> calls.add(new AwsCall("sqs:" + sqsAction(operation), queue(request)));
      case "scheduler" -> scheduler(operation, request, calls);
      default -> calls.add(new AwsCall(service + ":" + operation, "*"));
    }
    return calls;
  }

  private void dynamoDb(String operation, SdkRequest request, List<AwsCall> calls) {
    if (request instanceof BatchGetItemRequest batch) {
      batch.requestItems().keySet().forEach(t -> calls.add(dynamo("BatchGetItem", table(t))));
    } else if (request instanceof BatchWriteItemRequest batch) {
      batch.requestItems().keySet().forEach(t -> calls.add(dynamo("BatchWriteItem", table(t))));
    } else if (request instanceof TransactWriteItemsRequest transaction) {
      for (TransactWriteItem item : transaction.transactItems()) {
        if (item.put() != null) {
          calls.add(dynamo("PutItem", table(item.put().tableName())));
        } else if (item.update() != null) {
          calls.add(dynamo("UpdateItem", table(item.update().tableName())));
        } else if (item.delete() != null) {
          calls.add(dynamo("DeleteItem", table(item.delete().tableName())));
        } else if (item.conditionCheck() != null) {
          calls.add(dynamo("ConditionCheckItem", table(item.conditionCheck().tableName())));
        }
      }
    } else if (request instanceof TransactGetItemsRequest transaction) {
      transaction
          .transactItems()
          .forEach(item -> calls.add(dynamo("GetItem", table(item.get().tableName()))));
    } else {
      String resource =
          field(request, "TableName")
              .map(t -> table(t) + field(request, "IndexName").map(i -> "/index/" + i).orElse(""))
              .orElse("*");
      calls.add(dynamo(operation, resource));
    }
  }

  private void scheduler(String operation, SdkRequest request, List<AwsCall> calls) {
    String group = field(request, "GroupName").orElse("default");
    String name = field(request, "Name").orElse("*");
    calls.add(
        new AwsCall(
            "scheduler:" + operation,
            arn("scheduler", region, account, "schedule/" + group + "/" + name)));
    String passedRole =
        request instanceof CreateScheduleRequest create && create.target() != null
            ? create.target().roleArn()
            : request instanceof UpdateScheduleRequest update && update.target() != null
                ? update.target().roleArn()
                : null;
    if (passedRole != null) {
      calls.add(new AwsCall("iam:PassRole", passedRole));
    }
  }

  private static AwsCall dynamo(String action, String resource) {
    return new AwsCall("dynamodb:" + action, resource);
  }

  private static String sqsAction(String operation) {
    return switch (operation) {
      case "SendMessageBatch" -> "SendMessage";
      case "DeleteMessageBatch" -> "DeleteMessage";
      case "ChangeMessageVisibilityBatch" -> "ChangeMessageVisibility";
      default -> operation;
    };
  }

  private String table(String nameOrArn) {
    return nameOrArn.startsWith("arn:")
        ? nameOrArn
        : arn("dynamodb", region, account, "table/" + nameOrArn);
  }

  private String kinesisStream(SdkRequest request, String knownStream) {
    Optional<String> streamArn = field(request, "StreamARN");
    if (streamArn.isPresent()) {
      return streamArn.get();
    }
    String name = field(request, "StreamName").orElse(knownStream);
    return name == null ? "*" : arn("kinesis", region, account, "stream/" + name);
  }

  /** A queue URL's last two segments are its account and name. */
  private String queue(SdkRequest request) {
    return field(request, "QueueUrl")
        .map(
            url -> {
              String[] parts = url.replaceAll("/+$", "").split("/");
              return parts.length < 2
                  ? "*"
                  : arn("sqs", region, parts[parts.length - 2], parts[parts.length - 1]);
            })
        .orElse("*");
  }

  private String arn(String service, String arnRegion, String arnAccount, String resource) {
    return String.join(":", "arn", partition, service, arnRegion, arnAccount, resource);
  }

  private static Optional<String> field(SdkRequest request, String name) {
    return request.getValueForField(name, String.class);
  }
}
