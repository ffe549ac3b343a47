package dev.weir.runner.backend;

import dev.weir.runner.core.StageStore;
import dev.weir.runner.core.StageStores;
import dev.weir.store.memory.InMemoryStore;

/** A fresh in-memory store per stage, gone with the run. */
public final class InMemoryStageStores implements StageStores {
  @Override
  public StageStore open(int index) {
    InMemoryStore store = new InMemoryStore();
    return new StageStore("stage-" + index, store.asStores());
  }

  @Override
  public void close() {}
}
