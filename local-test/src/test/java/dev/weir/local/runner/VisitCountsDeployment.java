package dev.weir.local.runner;

import dev.weir.pipeline.PipelineProvider;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.runner.deploy.StatefulStageDeployment;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;

/**
 * {@link VisitCounts} deployed: the Beam pipeline the tests run, with a placeholder source the
 * functions' input stream replaces; what the Lambda functions load by this class's name.
 */
public final class VisitCountsDeployment implements PipelineProvider {
  @Override
  public WeirPipeline<String, String, String> pipeline() {
    Pipeline beam = Pipeline.create();
    beam.apply(Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
        .apply(new VisitCounts());
    return StatefulStageDeployment.<String, String, String>of(
            beam, "visit-counts", VisitCounts.PARSER)
        .build();
  }
}
