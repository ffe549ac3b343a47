package dev.weir.bench.engine;

import java.util.List;

/**
 * One engine the benchmark times: each call runs the records once, in a setup the contender keeps
 * across calls (a Flink cluster is started once, as one is long-lived).
 *
 * <p>Every engine is timed over the same span: from the records' bytes, when {@link #runOnce} is
 * called, to the last output counted. Decoding the JSON, building the job (Flink's job graph and
 * its submission, the DirectRunner's pipeline and test stream, Weir's engine and its bundles) and
 * tearing it down are inside it; only what a contender keeps across runs (the cluster) is not.
 */
public interface EngineContender extends AutoCloseable {
  /** The name the report gives it. */
  String name();

  /** Runs {@code records} once and returns the wall-clock rate and the outputs. */
  EngineResult runOnce(List<StreamRecord> records) throws Exception;

  /** Stops what the contender keeps (a cluster); nothing by default. */
  @Override
  default void close() {}
}
