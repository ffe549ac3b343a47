package dev.weir.pipeline;

/**
 * Names a pipeline for the Lambda functions: they instantiate the class given in their environment
 * (it needs a public no-argument constructor) and run what it returns.
 */
public interface PipelineProvider {
  WeirPipeline<?, ?, ?> pipeline();
}
