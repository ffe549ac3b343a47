package dev.weir.runner;

import java.util.List;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.runners.PipelineRunnerRegistrar;

/** Lets {@code --runner=WeirRunner} name the runner (found through {@code META-INF/services}). */
public final class WeirRunnerRegistrar implements PipelineRunnerRegistrar {
  @Override
  public Iterable<Class<? extends PipelineRunner<?>>> getPipelineRunners() {
    return List.of(WeirRunner.class);
  }
}
