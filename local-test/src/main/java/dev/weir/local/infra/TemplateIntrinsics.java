package dev.weir.local.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a template's {@code Ref}, {@code Fn::GetAtt} and {@code Fn::Sub} against a {@link
 * Deployment}, the way CloudFormation would: parameters take their defaults, resources their
 * physical names and ARNs. Enough of CloudFormation to read IAM policies, not a general engine.
 */
public final class TemplateIntrinsics {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

  /** The property that names each resource type, where the template may set it. */
  private static final Map<String, String> NAME_PROPERTY =
      Map.of(
          "AWS::Serverless::Function", "FunctionName",
          "AWS::Scheduler::ScheduleGroup", "Name",
          "AWS::Logs::LogGroup", "LogGroupName",
          "AWS::DynamoDB::Table", "TableName",
          "AWS::Kinesis::Stream", "Name",
          "AWS::SQS::Queue", "QueueName",
          "AWS::IAM::Role", "RoleName");

  private final JsonNode template;
  private final Deployment deployment;

  public TemplateIntrinsics(JsonNode template, Deployment deployment) {
    this.template = template;
    this.deployment = deployment;
  }

  /** A value that is one string: a literal, {@code Ref}, {@code Fn::GetAtt} or {@code Fn::Sub}. */
  public String string(JsonNode value) {
    if (value.isTextual() || value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    if (value.has("Ref")) {
      return ref(value.get("Ref").asText());
    }
    if (value.has("Fn::GetAtt")) {
      JsonNode target = value.get("Fn::GetAtt");
      return getAtt(target.get(0).asText(), target.get(1).asText());
    }
    if (value.has("Fn::Sub")) {
      return sub(value.get("Fn::Sub").asText());
    }
    throw new IllegalArgumentException("cannot resolve " + value);
  }

  /** A value that is one string or a list of them. */
  public List<String> strings(JsonNode value) {
    List<String> values = new ArrayList<>();
    if (value == null) {
      return values;
    }
    if (value.isArray()) {
      value.forEach(v -> values.add(string(v)));
    } else {
      values.add(string(value));
    }
    return values;
  }

  public String ref(String name) {
    switch (name) {
      case "AWS::Partition":
        return deployment.partition();
      case "AWS::Region":
        return deployment.region();
      case "AWS::AccountId":
        return deployment.account();
      case "AWS::StackName":
        return deployment.stackName();
      default:
        break;
    }
    JsonNode parameter = template.at("/Parameters/" + name);
    if (!parameter.isMissingNode()) {
      return parameter.get("Default").asText();
    }
    String type = resource(name).get("Type").asText();
    return switch (type) {
      case "AWS::SQS::Queue" ->
          "https://sqs."
              + deployment.region()
              + ".amazonaws.com/"
              + deployment.account()
              + "/"
              + physicalName(name);
      default -> physicalName(name);
    };
  }

  public String getAtt(String logicalId, String attribute) {
    String type = resource(logicalId).get("Type").asText();
    String name = physicalName(logicalId);
    if (attribute.equals("QueueName") || attribute.equals("Name")) {
      return name;
    }
    if (!attribute.equals("Arn")) {
      throw new IllegalArgumentException("cannot resolve " + logicalId + "." + attribute);
    }
    return switch (type) {
      case "AWS::Kinesis::Stream" -> arn("kinesis", "stream/" + name);
      case "AWS::DynamoDB::Table" -> arn("dynamodb", "table/" + name);
      case "AWS::SQS::Queue" -> arn("sqs", name);
      case "AWS::IAM::Role" ->
          String.join(
              ":", "arn", deployment.partition(), "iam", "", deployment.account(), "role/" + name);
      case "AWS::Logs::LogGroup" -> arn("logs", "log-group:" + name + ":*");
      case "AWS::Scheduler::ScheduleGroup" -> arn("scheduler", "schedule-group/" + name);
      case "AWS::Serverless::Function" -> arn("lambda", "function:" + name);
      default -> throw new IllegalArgumentException("no ARN for " + type + " " + logicalId);
    };
  }

  /** The name a resource has: the one it sets, or the one the deployment generates. */
  public String physicalName(String logicalId) {
    JsonNode resource = resource(logicalId);
    String property = NAME_PROPERTY.get(resource.get("Type").asText());
    JsonNode name = property == null ? null : resource.at("/Properties/" + property);
    return name == null || name.isMissingNode()
        ? deployment.generatedName(logicalId)
        : string(name);
  }

  private String sub(String text) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder resolved = new StringBuilder();
    while (matcher.find()) {
      String variable = matcher.group(1);
      int dot = variable.indexOf('.');
      String value =
          dot < 0 || variable.startsWith("AWS::")
              ? ref(variable)
              : getAtt(variable.substring(0, dot), variable.substring(dot + 1));
      matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(resolved);
    return resolved.toString();
  }

  private String arn(String service, String resource) {
    return String.join(
        ":",
        "arn",
        deployment.partition(),
        service,
        deployment.region(),
        deployment.account(),
        resource);
  }

  private JsonNode resource(String logicalId) {
    JsonNode resource = template.at("/Resources/" + logicalId);
    if (resource.isMissingNode()) {
      throw new IllegalArgumentException("the template has no parameter or resource " + logicalId);
    }
    return resource;
  }
}
