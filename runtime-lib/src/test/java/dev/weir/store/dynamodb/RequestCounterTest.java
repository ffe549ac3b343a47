package dev.weir.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * The counter asks every DynamoDB request for its capacity per table and index, sums the table's
 * and its indexes' units, and adds what its billing model says the report leaves out.
 */
class RequestCounterTest {
  @Test
  void aRequestAskingForIndexesAlreadyIsSentAsItIsNotCopied() {
    SdkRequest request =
        software.amazon.awssdk.services.dynamodb.model.GetItemRequest.builder()
            .tableName("t")
            .returnConsumedCapacity("INDEXES")
            .build();

    assertThat(new RequestCounter().modifyRequest(() -> request, new ExecutionAttributes()))
        .isSameAs(request);
  }

  @Test
  void everyOperationThatCanReportCapacityIsAskedForItPerIndexWhateverTheCallerSet()
      throws Exception {
    RequestCounter counter = new RequestCounter();
    TreeSet<String> asked = new TreeSet<>();
    for (Method method : DynamoDbClient.class.getMethods()) {
      if (method.getParameterCount() != 1
          || !DynamoDbRequest.class.isAssignableFrom(method.getParameterTypes()[0])) {
        continue;
      }
      SdkRequest.Builder builder =
          (SdkRequest.Builder) method.getParameterTypes()[0].getMethod("builder").invoke(null);
      SdkRequest request = builder.build();
      SdkField<?> member = member(request);
      if (member == null) {
        continue;
      }
      member.set(builder, "TOTAL");
      SdkRequest sent = counter.modifyRequest(builder::build, new ExecutionAttributes());

      assertThat(sent.getValueForField(CapacityRequests.MEMBER, String.class))
          .as(method.getName())
          .contains("INDEXES");
      asked.add(method.getName());
    }
    assertThat(asked)
        .contains(
            "getItem",
            "putItem",
            "updateItem",
            "deleteItem",
            "query",
            "scan",
            "batchGetItem",
            "batchWriteItem",
            "transactGetItems",
            "transactWriteItems",
            "executeStatement",
            "batchExecuteStatement",
            "executeTransaction");
  }

  @Test
  void aWritesIndexUnitsAreAddedToTheTablesOnce() {
    RequestCounter counter = new RequestCounter();
    PutItemResponse response =
        PutItemResponse.builder()
            .consumedCapacity(
                ConsumedCapacity.builder()
                    .tableName("t")
                    .capacityUnits(6.0)
                    .table(Capacity.builder().capacityUnits(5.0).build())
                    .globalSecondaryIndexes(
                        Map.of(
                            "a", Capacity.builder().capacityUnits(0.5).build(),
                            "b", Capacity.builder().capacityUnits(0.5).build()))
                    .build())
            .build();

    after(counter, "PutItem", PutItemRequest.builder().build(), response);

    assertThat(counter.total()).isEqualTo(new RequestCounter.Usage(1, 0, 6));
  }

  @Test
  void aReportOfTheTotalAloneIsTakenAsItIsAndEveryTableOfABatchCounts() {
    RequestCounter counter = new RequestCounter();
    BatchGetItemResponse response =
        BatchGetItemResponse.builder()
            .consumedCapacity(
                ConsumedCapacity.builder().tableName("a").capacityUnits(1.5).build(),
                ConsumedCapacity.builder().tableName("b").capacityUnits(2.0).build())
            .build();

    after(counter, "BatchGetItem", PutItemRequest.builder().build(), response);

    assertThat(counter.total()).isEqualTo(new RequestCounter.Usage(1, 3.5, 0));
    assertThat(counter.usage().get("BatchGetItem b").readUnits()).isEqualTo(2.0);
  }

  @Test
  void theBillingModelsCorrectionsAndFailedRequestsUnitsAreCounted() {
    CapacityBilling billing =
        new CapacityBilling() {
          @Override
          public List<Units> corrections(SdkRequest request, SdkResponse response) {
            return List.of(new Units("t", 0.5, 0));
          }

          @Override
          public List<Units> failed(SdkRequest request, Throwable failure) {
            return List.of(new Units("t", 0, 3));
          }
        };
    RequestCounter counter = new RequestCounter(billing);
    after(
        counter,
        "GetItem",
        PutItemRequest.builder().build(),
        PutItemResponse.builder()
            .consumedCapacity(ConsumedCapacity.builder().tableName("t").capacityUnits(1.0).build())
            .build());

    counter.onExecutionFailure(
        failed(PutItemRequest.builder().build(), ConditionalCheckFailedException.builder().build()),
        attributes("PutItem"));

    assertThat(counter.total()).isEqualTo(new RequestCounter.Usage(2, 1.5, 3));
  }

  private static SdkField<?> member(SdkRequest request) {
    return request.sdkFields().stream()
        .filter(f -> f.memberName().equals(CapacityRequests.MEMBER))
        .findFirst()
        .orElse(null);
  }

  private static void after(
      RequestCounter counter, String operation, SdkRequest request, SdkResponse response) {
    counter.afterExecution(
        InterceptorContext.builder().request(request).response(response).build(),
        attributes(operation));
  }

  /** A failed execution of {@code request}: a proxy, as the interface has no public builder. */
  private static Context.FailedExecution failed(SdkRequest request, Throwable failure) {
    return (Context.FailedExecution)
        Proxy.newProxyInstance(
            RequestCounterTest.class.getClassLoader(),
            new Class<?>[] {Context.FailedExecution.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "exception" -> failure;
                  case "request" -> request;
                  default -> Optional.empty();
                });
  }

  private static ExecutionAttributes attributes(String operation) {
    return new ExecutionAttributes().putAttribute(SdkExecutionAttribute.OPERATION_NAME, operation);
  }
}
