package dev.weir.functions.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/** Each SDK request maps to the IAM actions and ARNs that AWS authorizes it by. */
class IamRequestsTest {
  private static final String TABLE = "arn:aws:dynamodb:eu-west-1:111122223333:table/state";
  private final IamRequests requests = new IamRequests("aws", "eu-west-1", "111122223333");

  @Test
  void aQueryOnAnIndexActsOnTheIndexArn() {
    assertThat(
            requests.calls(
                "dynamodb",
                "Query",
                QueryRequest.builder().tableName("state").indexName("pending-timers").build(),
                null))
        .containsExactly(new AwsCall("dynamodb:Query", TABLE + "/index/pending-timers"));
    assertThat(
            requests.calls(
                "dynamodb", "Query", QueryRequest.builder().tableName("state").build(), null))
        .containsExactly(new AwsCall("dynamodb:Query", TABLE));
  }

  @Test
  void aTransactionNeedsEachItemsActionNotTransactWriteItems() {
    TransactWriteItemsRequest transaction =
        TransactWriteItemsRequest.builder()
            .transactItems(
                i -> i.put(p -> p.tableName("state").item(Map.of())),
                i -> i.conditionCheck(c -> c.tableName("state").conditionExpression("x")),
                i -> i.delete(d -> d.tableName("other")))
            .build();

    assertThat(requests.calls("dynamodb", "TransactWriteItems", transaction, null))
        .containsExactly(
            new AwsCall("dynamodb:PutItem", TABLE),
            new AwsCall("dynamodb:ConditionCheckItem", TABLE),
            new AwsCall(
                "dynamodb:DeleteItem", "arn:aws:dynamodb:eu-west-1:111122223333:table/other"));
  }

  @Test
  void aBatchGetActsOnEveryTableItReads() {
    BatchGetItemRequest batch =
        BatchGetItemRequest.builder()
            .requestItems(
                Map.of(
                    "state",
                    KeysAndAttributes.builder()
                        .keys(Map.of("pk", AttributeValue.fromS("k")))
                        .build()))
            .build();

    assertThat(requests.calls("dynamodb", "BatchGetItem", batch, null))
        .containsExactly(new AwsCall("dynamodb:BatchGetItem", TABLE));
  }

  @Test
  void kinesisCallsActOnTheStreamEvenWhenTheRequestNamesOnlyAnIterator() {
    assertThat(
            requests.calls(
                "kinesis",
                "PutRecords",
                PutRecordsRequest.builder().streamName("out").build(),
                null))
        .containsExactly(
            new AwsCall("kinesis:PutRecords", "arn:aws:kinesis:eu-west-1:111122223333:stream/out"));
    assertThat(
            requests.calls(
                "kinesis",
                "GetRecords",
                GetRecordsRequest.builder().shardIterator("it").build(),
                "in"))
        .containsExactly(
            new AwsCall("kinesis:GetRecords", "arn:aws:kinesis:eu-west-1:111122223333:stream/in"));
  }

  @Test
  void aBatchSendNeedsSendMessageOnTheQueueItsUrlNames() {
    assertThat(
            requests.calls(
                "sqs",
                "SendMessageBatch",
                SendMessageBatchRequest.builder()
                    .queueUrl("https://sqs.eu-west-1.amazonaws.com/444455556666/dead-letters")
                    .build(),
                null))
        .containsExactly(
            new AwsCall("sqs:SendMessage", "arn:aws:sqs:eu-west-1:444455556666:dead-letters"));
  }

  @Test
  void aScheduleThatNamesARolePassesIt() {
    CreateScheduleRequest create =
        CreateScheduleRequest.builder()
            .groupName("timers")
            .name("wake-1")
            .target(t -> t.arn("fn").roleArn("arn:aws:iam::111122223333:role/invoke"))
            .build();

    assertThat(requests.calls("scheduler", "CreateSchedule", create, null))
        .containsExactly(
            new AwsCall(
                "scheduler:CreateSchedule",
                "arn:aws:scheduler:eu-west-1:111122223333:schedule/timers/wake-1"),
            new AwsCall("iam:PassRole", "arn:aws:iam::111122223333:role/invoke"));
  }
}
