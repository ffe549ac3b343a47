package dev.weir.runner;

import org.apache.beam.runners.core.metrics.MetricsContainerStepMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.joda.time.Duration;

/**
 * A pipeline {@link WeirRunner} has already run to the end: {@link WeirRunner#run} blocks, so there
 * is nothing to wait for or cancel. Metrics are not collected yet.
 */
public final class WeirPipelineResult implements PipelineResult {
  @Override
  public State getState() {
    return State.DONE;
  }

  @Override
  public State cancel() {
    return State.DONE;
  }

  @Override
  public State waitUntilFinish(Duration duration) {
    return State.DONE;
  }

  @Override
  public State waitUntilFinish() {
    return State.DONE;
  }

  @Override
  public MetricResults metrics() {
    return MetricsContainerStepMap.asAttemptedOnlyMetricResults(new MetricsContainerStepMap());
  }
}
