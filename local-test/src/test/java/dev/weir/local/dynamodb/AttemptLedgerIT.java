package dev.weir.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.store.dynamodb.DynamoDbStore;
import org.junit.jupiter.api.Test;

/**
 * The failed-attempt ledger counts any attempt id, however long (a timer's names its key, window,
 * family and timer), although a DynamoDB sort key holds 1,024 bytes.
 */
class AttemptLedgerIT {
  @Test
  void attemptIdsLongerThanASortKeyAreCountedApart() {
    DynamoDbStore store = EmbeddedDynamoDb.get().newStore();
    String prefix = "k".repeat(2_000);

    assertThat(store.recordFailure("timers", prefix + "a")).isEqualTo(1);
    assertThat(store.recordFailure("timers", prefix + "a")).isEqualTo(2);
    assertThat(store.recordFailure("timers", prefix + "b")).isEqualTo(1);
  }
}
