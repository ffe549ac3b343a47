package dev.weir.local.engine;

import dev.weir.engine.HandledOnceContract;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.store.Stores;

/** Records handled once, on DynamoDB Local. */
class HandledOnceOnDynamoDbIT extends HandledOnceContract {
  @Override
  protected Stores createStores() {
    return EmbeddedDynamoDb.get().newStore().asStores();
  }
}
