package dev.weir.sink;

import java.util.List;

/**
 * Receives a key's outputs before its state is committed, so an output is never lost: if the commit
 * fails, the replay emits it again with the same id. Consumers deduplicate by {@link
 * EngineOutput#id()}.
 */
@FunctionalInterface
public interface OutputSink<OutputT> {
  void emit(List<EngineOutput<OutputT>> outputs);

  /** A sink that drops everything; for pipelines whose DoFn has side effects only. */
  static <T> OutputSink<T> discarding() {
    return outputs -> {};
  }
}
