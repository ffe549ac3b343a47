package dev.weir.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.functions.handlers.Priming;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.store.Stores;
import dev.weir.store.cache.CachingStateStore;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.RequestCounter;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * On DynamoDB Local: priming warms the function's real AWS client with reads only, through the
 * stores the function runs on, and a client that cannot answer leaves the function unprimed, never
 * failed.
 */
class PrimedClientsIT {
  private static Stores stores(DynamoDbClient client, RequestCounter counter) {
    DynamoDbStore store =
        new DynamoDbStore(
            client, new DynamoDbSchema(EmbeddedDynamoDb.TABLE, EmbeddedDynamoDb.uniquePipeline()));
    return CachingStateStore.around(store.asStores(counter), 1 << 20);
  }

  @Test
  void eachFunctionPrimesItsRealClientWithReadsAndWritesNothing() {
    for (Priming.ClientReads function : Priming.ClientReads.values()) {
      RequestCounter counter = new RequestCounter();
      DynamoDbClient client = EmbeddedDynamoDb.get().client(counter);

      Priming.primeClients(stores(client, counter), function);

      assertThat(counter.total().requests())
          .as(function.name())
          .isGreaterThanOrEqualTo(function.count());
      assertThat(counter.total().writeUnits()).as(function.name()).isZero();
    }
  }

  @Test
  void aClientThatCannotAnswerLeavesTheFunctionUnprimedNotFailed() {
    RequestCounter counter = new RequestCounter();
    DynamoDbClient client = EmbeddedDynamoDb.get().client(counter);
    Stores stores = stores(client, counter);
    client.close();

    assertThat(
            Priming.primeClientsLogged(
                stores, Priming.ClientReads.PROCESSOR, "in a test", System.err))
        .isFalse();
  }
}
