package dev.weir.pipeline;

import java.util.List;

/**
 * Names a pipeline for the Lambda functions: they instantiate the class given in their environment
 * (it needs a public no-argument constructor) and run what it returns.
 */
public interface PipelineProvider {
  WeirPipeline<?, ?, ?> pipeline();

  /**
   * A few input records (the bytes producers put into the input stream) that the functions run
   * through the pipeline before their first event, to load classes and warm the JIT (SnapStart
   * priming). They run against throwaway in-memory state and their outputs are discarded, but the
   * DoFn does run: pick records whose processing has no external effect. None by default.
   */
  default List<byte[]> primingRecords() {
    return List.of();
  }
}
