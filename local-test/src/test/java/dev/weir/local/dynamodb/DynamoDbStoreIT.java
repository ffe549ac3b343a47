package dev.weir.local.dynamodb;

import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.store.StoreContract;
import dev.weir.store.Stores;

/** The store contract, on DynamoDB Local. */
class DynamoDbStoreIT extends StoreContract {
  @Override
  protected Stores createStores() {
    return EmbeddedDynamoDb.get().newStore().asStores();
  }
}
