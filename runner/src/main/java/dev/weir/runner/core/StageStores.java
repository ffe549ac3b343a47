package dev.weir.runner.core;

/** Where a run's stages keep state and timers: one backend, a {@link StageStore} per stage. */
public interface StageStores extends AutoCloseable {
  /** The stores of the stage {@code index} of the graph, empty at first. */
  StageStore open(int index);

  /** Releases the backend's connections (what the stages stored stays where it is). */
  @Override
  void close();
}
