package dev.weir.engine;

import dev.weir.store.Stores;
import dev.weir.store.cache.CachingStateStore;
import dev.weir.store.memory.InMemoryStore;
import org.junit.jupiter.api.Nested;

/** Records handled once, on the in-memory store, bare and behind a container's cache. */
class HandledOnceTest extends HandledOnceContract {
  @Override
  protected Stores createStores() {
    return new InMemoryStore().asStores();
  }

  @Nested
  class Cached extends HandledOnceContract {
    @Override
    protected Stores createStores() {
      return CachingStateStore.around(new InMemoryStore().asStores(), 16 << 20);
    }
  }
}
