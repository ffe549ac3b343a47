package dev.weir.local.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.adapters.SqsDeadLetters;
import dev.weir.functions.wiring.WeirEnvironment;
import dev.weir.store.dynamodb.DynamoDbSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

/** {@code infra/template.yaml} is valid SAM and agrees with the code it deploys. */
class TemplateTest {
  private static final Path INFRA = Path.of("..", "infra");
  private static JsonNode template;
  private static JsonNode resources;

  @BeforeAll
  static void read() throws IOException {
    template = CloudFormationYaml.read(INFRA.resolve("template.yaml"));
    resources = template.get("Resources");
  }

  @Test
  void validatesAgainstSamsOwnSchemaWithZeroErrors() throws IOException {
    JsonNode schemaNode =
        new ObjectMapper().readTree(INFRA.resolve("schema/sam.schema.json").toFile());
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schemaNode);
    Set<ValidationMessage> errors = schema.validate(template);
    assertThat(errors).isEmpty();
  }

  @Test
  void everyHandlerNamesAClassWithHandleRequest() throws Exception {
    List<String> handlers = new ArrayList<>();
    for (JsonNode function : resourcesOfType("AWS::Serverless::Function")) {
      String handler = function.at("/Properties/Handler").asText();
      handlers.add(handler);
      String[] parts = handler.split("::");
      assertThat(parts).hasSize(2);
      Class<?> type = Class.forName(parts[0]);
      assertThat(type.getMethods()).anyMatch(m -> m.getName().equals(parts[1]));
      assertThat(type.getConstructor()).isNotNull();
    }
    assertThat(handlers).hasSize(3);
  }

  @Test
  void theFunctionsGetExactlyTheEnvironmentTheWiringReads() {
    Set<String> names = new HashSet<>();
    template
        .at("/Globals/Function/Environment/Variables")
        .fieldNames()
        .forEachRemaining(names::add);
    names.remove("JAVA_TOOL_OPTIONS");
    Set<String> expected = new HashSet<>(WeirEnvironment.NAMES);
    expected.remove(WeirEnvironment.ENDPOINT); // local runs only
    assertThat(names).isEqualTo(expected);
  }

  @Test
  void theFunctionsKeepMoreConnectionsAliveThanABundleHasCommitsInFlight() {
    String options =
        template.at("/Globals/Function/Environment/Variables/JAVA_TOOL_OPTIONS").asText();
    Matcher kept = Pattern.compile("-Dhttp\\.maxConnections=(\\d+)").matcher(options);
    assertThat(kept.find()).as("http.maxConnections in %s", options).isTrue();
    assertThat(Integer.parseInt(kept.group(1))).isGreaterThan(WeirEngine.COMMITS_IN_FLIGHT);
  }

  @Test
  void theTableHasTheSchemaClassKeysIndexAndTtl() {
    JsonNode table = resources.get("StateTable").get("Properties");
    CreateTableRequest expected = new DynamoDbSchema("t", "p").createTableRequest();
    assertThat(table.get("BillingMode").asText()).isEqualTo(expected.billingModeAsString());
    assertThat(keys(table.get("KeySchema")))
        .isEqualTo(
            expected.keySchema().stream()
                .map(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .toList());
    assertThat(table.get("GlobalSecondaryIndexes"))
        .hasSize(expected.globalSecondaryIndexes().size());
    for (int i = 0; i < expected.globalSecondaryIndexes().size(); i++) {
      GlobalSecondaryIndex index = expected.globalSecondaryIndexes().get(i);
      JsonNode gsi = table.get("GlobalSecondaryIndexes").get(i);
      assertThat(gsi.get("IndexName").asText()).isEqualTo(index.indexName());
      assertThat(keys(gsi.get("KeySchema")))
          .isEqualTo(
              index.keySchema().stream()
                  .map(k -> k.attributeName() + ":" + k.keyTypeAsString())
                  .toList());
      assertThat(gsi.at("/Projection/ProjectionType").asText())
          .isEqualTo(index.projection().projectionTypeAsString());
      List<String> nonKey = new ArrayList<>();
      gsi.at("/Projection/NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
      assertThat(nonKey).isEqualTo(index.projection().nonKeyAttributes());
    }
    assertThat(expected.globalSecondaryIndexes().get(0).indexName())
        .isEqualTo(DynamoDbSchema.TIMER_INDEX);
    assertThat(table.at("/TimeToLiveSpecification/AttributeName").asText())
        .isEqualTo(DynamoDbSchema.TTL_ATTRIBUTE);
    assertThat(table.at("/TimeToLiveSpecification/Enabled").asBoolean()).isTrue();
    assertThat(table.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean())
        .isTrue();
    assertThat(table.at("/SSESpecification/SSEEnabled").asBoolean()).isTrue();
    Set<String> attributes = new HashSet<>();
    table.get("AttributeDefinitions").forEach(a -> attributes.add(a.get("AttributeName").asText()));
    assertThat(attributes).containsExactlyInAnyOrderElementsOf(DynamoDbSchema.keyAttributes());
  }

  @Test
  void theKinesisEventSourceSetsEveryDeliveryProperty() {
    JsonNode source = resources.at("/ProcessorFunction/Properties/Events/Input/Properties");
    for (String property :
        List.of(
            "BatchSize",
            "MaximumBatchingWindowInSeconds",
            "ParallelizationFactor",
            "BisectBatchOnFunctionError",
            "MaximumRetryAttempts",
            "MaximumRecordAgeInSeconds",
            "FunctionResponseTypes",
            "DestinationConfig")) {
      assertThat(source.has(property)).as(property).isTrue();
    }
    assertThat(source.get("BisectBatchOnFunctionError").asBoolean())
        .as(
            "a retry sees the same records, so outputs emitted before a failed commit keep their ids")
        .isFalse();
    assertThat(source.get("FunctionResponseTypes").get(0).asText())
        .isEqualTo("ReportBatchItemFailures");
    assertThat(source.at("/DestinationConfig/OnFailure/Destination").isMissingNode()).isFalse();
  }

  @Test
  void theEventSourcesRetriesAndRecordAgeAreParametersWithSafeDefaults() {
    JsonNode source = resources.at("/ProcessorFunction/Properties/Events/Input/Properties");
    assertThat(source.at("/MaximumRetryAttempts/Ref").asText())
        .isEqualTo("EventSourceRetryAttempts");
    assertThat(source.at("/MaximumRecordAgeInSeconds/Ref").asText())
        .isEqualTo("EventSourceMaxRecordAgeSeconds");

    // Lambda's own ranges: a value outside them fails the deployment, not the parameter check.
    JsonNode retries = template.at("/Parameters/EventSourceRetryAttempts");
    assertThat(retries.get("Type").asText()).isEqualTo("Number");
    assertThat(retries.get("MinValue").asInt()).isEqualTo(-1);
    assertThat(retries.get("MaxValue").asInt()).isEqualTo(10_000);
    JsonNode age = template.at("/Parameters/EventSourceMaxRecordAgeSeconds");
    assertThat(age.get("Type").asText()).isEqualTo("Number");
    assertThat(age.get("MinValue").asInt()).isEqualTo(-1);
    assertThat(age.get("MaxValue").asInt()).isEqualTo(604_800);

    int defaultRetries = retries.get("Default").asInt();
    assertThat(defaultRetries)
        .as(
            "a batch is retried long enough for a key's poison records to use their MaxAttempts"
                + " and be dead-lettered, with room for infrastructure failures; beyond it Lambda"
                + " skips them without a letter")
        .isGreaterThanOrEqualTo(2 * template.at("/Parameters/MaxAttempts/MaxValue").asInt());
    int defaultAge = age.get("Default").asInt();
    long retentionSeconds = template.at("/Parameters/InputRetentionHours/Default").asLong() * 3_600;
    assertThat(defaultAge == -1 || (defaultAge >= 60 && defaultAge <= retentionSeconds))
        .as(
            "the default record age (%s s) follows the input's retention (-1) or stays within it"
                + " (%s s), so a batch skipped for its age can still be read back",
            defaultAge, retentionSeconds)
        .isTrue();
  }

  @Test
  void anAlarmWatchesTheEventSourcesOnFailureQueue() {
    JsonNode onFailure =
        resources.at(
            "/ProcessorFunction/Properties/Events/Input/Properties/DestinationConfig/OnFailure");
    assertThat(onFailure.get("Type").asText()).isEqualTo("SQS");
    String queue = onFailure.at("/Destination/Fn::GetAtt/0").asText();
    assertThat(onFailure.at("/Destination/Fn::GetAtt/1").asText()).isEqualTo("Arn");
    assertThat(resources.at("/" + queue + "/Type").asText()).isEqualTo("AWS::SQS::Queue");

    List<JsonNode> watching =
        resourcesOfType("AWS::CloudWatch::Alarm").stream()
            .map(a -> a.get("Properties"))
            .filter(
                a ->
                    a.get("Namespace").asText().equals("AWS/SQS")
                        && a.at("/Dimensions/0/Name").asText().equals("QueueName")
                        && a.at("/Dimensions/0/Value/Fn::GetAtt/0").asText().equals(queue))
            .toList();
    assertThat(watching)
        .as("an alarm on %s, where Lambda reports batches it gave up on", queue)
        .singleElement()
        .satisfies(
            alarm -> {
              assertThat(alarm.at("/Dimensions/0/Value/Fn::GetAtt/1").asText())
                  .isEqualTo("QueueName");
              assertThat(alarm.get("Dimensions")).hasSize(1);
              assertThat(alarm.get("MetricName").asText())
                  .isEqualTo("ApproximateNumberOfMessagesVisible");
              assertThat(alarm.get("Statistic").asText()).isEqualTo("Maximum");
              assertThat(alarm.get("Threshold").asInt()).isZero();
              assertThat(alarm.get("ComparisonOperator").asText())
                  .isEqualTo("GreaterThanThreshold");
              assertThat(alarm.get("TreatMissingData").asText()).isEqualTo("notBreaching");
            });
  }

  @Test
  void theDeadLetterQueueTakesTheLettersTheFunctionsCutToFit() {
    assertThat(resources.at("/DeadLetterQueue/Properties/MaximumMessageSize").asInt())
        .isEqualTo(SqsDeadLetters.MAX_BYTES);
  }

  @Test
  void functionsRunJava21WithSnapStartOnAnAliasFromTheShadedJar() {
    JsonNode globals = template.at("/Globals/Function");
    assertThat(globals.get("Runtime").asText()).isEqualTo("java21");
    assertThat(globals.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
    assertThat(globals.get("AutoPublishAlias").asText()).isNotBlank();
    assertThat(globals.get("CodeUri").asText())
        .isEqualTo("../functions/target/weir-functions-lambda.jar");
    assertThat(resources.at("/WatermarkFunction/Properties/Events/Sweep/Type").asText())
        .isEqualTo("ScheduleV2");
    assertThat(
            resources
                .at("/WatermarkFunction/Properties/Events/Sweep/Properties/ScheduleExpression")
                .asText())
        .isEqualTo("rate(1 minute)");
  }

  @Test
  void theOutputStreamsShardsAreAParameterOfAtLeastOneDefaultingToOne() {
    assertThat(resources.at("/OutputStream/Properties/ShardCount/Ref").asText())
        .isEqualTo("OutputShardCount");
    JsonNode shards = template.at("/Parameters/OutputShardCount");
    assertThat(shards.get("Type").asText()).isEqualTo("Number");
    assertThat(shards.get("Default").asInt()).isEqualTo(1);
    assertThat(shards.get("MinValue").asInt()).isEqualTo(1);
  }

  @Test
  void streamsAreEncryptedAndLogsKeptForAWhile() {
    for (String stream : List.of("InputStream", "OutputStream", "LateDataStream")) {
      assertThat(
              resources.at("/" + stream + "/Properties/StreamEncryption/EncryptionType").asText())
          .isEqualTo("KMS");
    }
    for (JsonNode group : resourcesOfType("AWS::Logs::LogGroup")) {
      assertThat(group.at("/Properties/RetentionInDays").isMissingNode()).isFalse();
    }
    assertThat(
            resourcesOfType("AWS::CloudWatch::Alarm").stream()
                .map(a -> a.at("/Properties/MetricName").asText())
                .toList())
        .contains(
            "IteratorAge", "Errors", "ApproximateNumberOfMessagesVisible", "WatermarkLagMillis");
  }

  @Test
  void noPolicyGrantsADataPlaneActionOnEveryResource() {
    List<String> wildcards = new ArrayList<>();
    for (JsonNode role : resourcesOfType("AWS::IAM::Role")) {
      for (JsonNode policy : role.at("/Properties/Policies")) {
        for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
          JsonNode resource = statement.get("Resource");
          List<JsonNode> values =
              resource.isArray()
                  ? StreamSupport.stream(resource.spliterator(), false).toList()
                  : List.of(resource);
          for (JsonNode value : values) {
            if (value.isTextual() && value.asText().equals("*")) {
              wildcards.add(policy.get("PolicyName").asText() + " " + statement.get("Action"));
            }
          }
        }
      }
    }
    for (JsonNode function : resourcesOfType("AWS::Serverless::Function")) {
      assertThat(function.at("/Properties/Role").isMissingNode())
          .as("every function has an explicit least-privilege role, so SAM adds no managed policy")
          .isFalse();
    }
    assertThat(wildcards).isEmpty();
  }

  private static List<JsonNode> resourcesOfType(String type) {
    List<JsonNode> found = new ArrayList<>();
    resources.forEach(
        r -> {
          if (r.get("Type").asText().equals(type)) {
            found.add(r);
          }
        });
    return found;
  }

  private static List<String> keys(JsonNode keySchema) {
    List<String> keys = new ArrayList<>();
    keySchema.forEach(
        k -> keys.add(k.get("AttributeName").asText() + ":" + k.get("KeyType").asText()));
    return keys;
  }

  static boolean exists(Path path) {
    return Files.exists(path);
  }
}
