package dev.weir.local.dynamodb;

import dev.weir.beam.StoreBackedStateInternalsTest;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.store.StateStore;

/** Beam's {@code StateInternalsTest}, every write committed to DynamoDB Local and read back. */
public class DynamoDbStateInternalsIT extends StoreBackedStateInternalsTest {
  @Override
  protected StateStore createStore() {
    return EmbeddedDynamoDb.get().newStore();
  }
}
