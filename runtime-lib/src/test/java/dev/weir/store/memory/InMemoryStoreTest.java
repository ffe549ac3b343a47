package dev.weir.store.memory;

import dev.weir.store.StoreContract;
import dev.weir.store.Stores;

class InMemoryStoreTest extends StoreContract {
  @Override
  protected Stores createStores() {
    return new InMemoryStore().asStores();
  }
}
