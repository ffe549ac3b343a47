package dev.weir.local.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weir.functions.wiring.AwsCall;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls Lambda itself makes with a function's execution role, which no SDK interceptor in the
 * function sees: the runtime writes the function's logs, and a Kinesis event source mapping reads
 * the stream and sends failed batches' metadata to its on-failure destination. Derived from the
 * template's function definitions; the permission lists are AWS's (Lambda developer guide, "Process
 * Amazon Kinesis Data Streams records with Lambda"; "Defining Lambda function permissions with an
 * execution role").
 */
public final class LambdaPlatformCalls {
  /** What Lambda's Kinesis poller needs on the stream (the guide's list for event sources). */
  static final List<String> KINESIS_EVENT_SOURCE =
      List.of(
          "kinesis:DescribeStream",
          "kinesis:DescribeStreamSummary",
          "kinesis:GetRecords",
          "kinesis:GetShardIterator",
          "kinesis:ListShards",
          "kinesis:SubscribeToShard");

  private LambdaPlatformCalls() {}

  /** Lambda's own calls for the function {@code functionLogicalId}. */
  public static List<AwsCall> of(JsonNode template, Deployment deployment, String functionId) {
    TemplateIntrinsics intrinsics = new TemplateIntrinsics(template, deployment);
    JsonNode function = template.at("/Resources/" + functionId + "/Properties");
    String name = intrinsics.physicalName(functionId);
    String logGroup =
        String.join(
            ":",
            "arn",
            deployment.partition(),
            "logs",
            deployment.region(),
            deployment.account(),
            "log-group:/aws/lambda/" + name + ":*");
    List<AwsCall> calls = new ArrayList<>();
    calls.add(new AwsCall("logs:CreateLogStream", logGroup));
    calls.add(new AwsCall("logs:PutLogEvents", logGroup));
    for (JsonNode event : function.path("Events")) {
      if (!event.get("Type").asText().equals("Kinesis")) {
        continue;
      }
      String stream = intrinsics.string(event.at("/Properties/Stream"));
      KINESIS_EVENT_SOURCE.forEach(action -> calls.add(new AwsCall(action, stream)));
      JsonNode onFailure = event.at("/Properties/DestinationConfig/OnFailure");
      if (!onFailure.isMissingNode() && onFailure.get("Type").asText().equals("SQS")) {
        calls.add(new AwsCall("sqs:SendMessage", intrinsics.string(onFailure.get("Destination"))));
      }
    }
    return calls;
  }
}
