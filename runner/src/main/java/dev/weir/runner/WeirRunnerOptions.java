package dev.weir.runner;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where {@link WeirRunner}'s stateful stages keep state and timers. */
public interface WeirRunnerOptions extends PipelineOptions {
  /** The stores a run's stateful stages and groupings use. */
  enum StateBackend {
    /** In this process, gone with it: tests. */
    MEMORY,
    /** A DynamoDB table with Weir's schema: DynamoDB Local, or AWS. */
    DYNAMODB
  }

  @Description(
      "Where stateful ParDos and GroupByKeys keep state and timers: MEMORY (default) or DYNAMODB")
  @Default.Enum("MEMORY")
  StateBackend getWeirStateBackend();

  void setWeirStateBackend(StateBackend backend);

  @Description(
      "DynamoDB's endpoint, e.g. http://localhost:8000 for DynamoDB Local (which takes any"
          + " credentials; a localhost endpoint is sent fixed ones); unset: AWS's, with the"
          + " default credentials and region")
  String getWeirDynamoDbEndpoint();

  void setWeirDynamoDbEndpoint(String endpoint);

  @Description(
      "The DynamoDB table (created with Weir's schema if missing); each stage of each run keeps"
          + " its items under a pipeline name of its own")
  @Default.String("weir-runner")
  String getWeirDynamoDbTable();

  void setWeirDynamoDbTable(String table);

  @Description("The AWS region of the DynamoDB table (a local endpoint accepts any)")
  @Default.String("us-east-1")
  String getWeirAwsRegion();

  void setWeirAwsRegion(String region);
}
