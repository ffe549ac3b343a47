package dev.weir.runner;

import java.util.List;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;
import org.apache.beam.sdk.runners.PipelineRunnerRegistrar;

/**
 * Lets {@code --runner=WeirRunner} name the runner, and {@code --weirStateBackend} and the other
 * {@link WeirRunnerOptions} be parsed (both found through {@code META-INF/services}).
 */
public final class WeirRunnerRegistrar {
  private WeirRunnerRegistrar() {}

  /** The runner. */
  public static final class Runner implements PipelineRunnerRegistrar {
    @Override
    public Iterable<Class<? extends PipelineRunner<?>>> getPipelineRunners() {
      return List.of(WeirRunner.class);
    }
  }

  /** Its options. */
  public static final class Options implements PipelineOptionsRegistrar {
    @Override
    public Iterable<Class<? extends PipelineOptions>> getPipelineOptions() {
      return List.of(WeirRunnerOptions.class);
    }
  }
}
