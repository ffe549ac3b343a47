package dev.weir.beam;

import dev.weir.store.StateStore;
import dev.weir.store.memory.InMemoryStore;

/** Beam's state contract over the in-memory store. */
public class WeirStateInternalsInMemoryTest extends StoreBackedStateInternalsTest {
  @Override
  protected StateStore createStore() {
    return new InMemoryStore();
  }
}
