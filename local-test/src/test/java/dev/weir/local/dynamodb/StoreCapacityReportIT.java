package dev.weir.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.local.aws.DynamoDbLocalBilling;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.store.ShardRecord;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.RequestCounter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Every request of the store, the shard items' (through the enhanced client, which sets no {@code
 * ReturnConsumedCapacity} of its own) included, reaches DynamoDB asking for its capacity per table
 * and index, and is counted with the units it is billed.
 */
class StoreCapacityReportIT {
  /** What each request asked for, as sent (it runs after the counter changed it). */
  private static final class Sent implements ExecutionInterceptor {
    final List<String> asked = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      SdkRequest request = context.request();
      asked.add(
          attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)
              + "="
              + request.getValueForField("ReturnConsumedCapacity", String.class).orElse("none"));
    }
  }

  @Test
  void everyShardItemRequestAsksForItsCapacityPerIndexAndIsBilled() {
    RequestCounter counter = new RequestCounter(DynamoDbLocalBilling.INSTANCE);
    Sent sent = new Sent();
    DynamoDbStore store =
        new DynamoDbStore(
            EmbeddedDynamoDb.get().client(counter, sent), EmbeddedDynamoDb.get().ownTable());
    ShardRecord first = new ShardRecord("shardId-0", 100, 105, "10", List.of(), false);
    ShardRecord next = new ShardRecord("shardId-0", 200, 205, "20", List.of(), false);

    assertThat(store.replaceShard(Optional.empty(), first)).isTrue();
    assertThat(store.shard("shardId-0")).contains(first);
    assertThat(store.shards()).containsExactly(first);
    assertThat(store.replaceShard(Optional.of(first), next)).isTrue();
    // A stale expectation: the condition fails, and the store reads the shard back.
    assertThat(store.replaceShard(Optional.of(first), next)).isTrue();
    assertThat(store.removeShard(next)).isTrue();
    store.advanceGlobalWatermark(1_000);
    store.globalWatermark();

    assertThat(sent.asked)
        .hasSizeGreaterThanOrEqualTo(9)
        .allSatisfy(asked -> assertThat(asked).endsWith("=INDEXES"));
    assertThat(sent.asked).contains("PutItem=INDEXES", "GetItem=INDEXES", "Query=INDEXES");
    assertThat(sent.asked).contains("DeleteItem=INDEXES");
    RequestCounter.Usage usage = counter.total();
    assertThat(usage.requests()).isEqualTo(sent.asked.size());
    // Five shard writes (the failed one billed as AWS bills it) and the watermark's.
    assertThat(counter.usage().get("PutItem " + store.schema().table()).writeUnits())
        .isGreaterThanOrEqualTo(3);
    assertThat(usage.readUnits()).isGreaterThanOrEqualTo(3);
  }
}
