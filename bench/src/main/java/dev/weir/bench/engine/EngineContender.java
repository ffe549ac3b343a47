package dev.weir.bench.engine;

import dev.weir.functions.examples.batchedrpc.Event;
import java.util.List;

/**
 * One engine the benchmark times: each call runs the events once, in a setup the contender keeps
 * across calls (a Flink cluster is started once, as one is long-lived).
 */
public interface EngineContender extends AutoCloseable {
  /** The name the report gives it. */
  String name();

  /** Runs {@code events} once and returns the wall-clock rate and the outputs. */
  EngineResult runOnce(List<Event> events) throws Exception;

  /** Stops what the contender keeps (a cluster); nothing by default. */
  @Override
  default void close() {}
}
