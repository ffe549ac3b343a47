package dev.weir.local.dynamodb;

import dev.weir.store.StoreContract;
import dev.weir.store.Stores;

/** The store contract, on DynamoDB Local. */
class DynamoDbStoreIT extends StoreContract {
  @Override
  protected Stores createStores() {
    return DynamoDbLocal.get().newStore().asStores();
  }
}
