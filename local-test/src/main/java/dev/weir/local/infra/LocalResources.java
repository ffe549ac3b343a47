package dev.weir.local.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Creates, in the emulators, every Kinesis stream and DynamoDB table {@code infra/template.yaml}
 * declares, with the shard counts, keys, indexes and TTL it gives them: the template stays the one
 * description of the resources, locally as in AWS.
 */
public final class LocalResources {
  private final JsonNode template;
  private final Map<String, String> physicalNames = new LinkedHashMap<>();
  private final Map<String, String> queueUrls = new LinkedHashMap<>();

  private LocalResources(JsonNode template) {
    this.template = template;
  }

  public static LocalResources read(Path templateFile) throws IOException {
    return new LocalResources(CloudFormationYaml.read(templateFile));
  }

  /** A parameter's default value. */
  public String parameter(String name) {
    JsonNode value = template.at("/Parameters/" + name + "/Default");
    if (value.isMissingNode()) {
      throw new IllegalStateException("the template has no default for parameter " + name);
    }
    return value.asText();
  }

  /**
   * Creates every stream and table, each named {@code prefix + logical id}; one that exists already
   * (a stack kept in a data directory, run again) is used as it is.
   */
  public LocalResources create(String prefix, KinesisClient kinesis, DynamoDbClient dynamo) {
    template
        .get("Resources")
        .fields()
        .forEachRemaining(
            resource -> {
              String logicalId = resource.getKey();
              String type = resource.getValue().get("Type").asText();
              JsonNode properties = resource.getValue().get("Properties");
              String name = prefix + logicalId;
              if (type.equals("AWS::Kinesis::Stream")) {
                int shards = Integer.parseInt(resolve(properties.get("ShardCount")));
                try {
                  kinesis.createStream(r -> r.streamName(name).shardCount(shards));
                } catch (software.amazon.awssdk.services.kinesis.model.ResourceInUseException e) {
                  // kept from an earlier run
                }
                kinesis.waiter().waitUntilStreamExists(r -> r.streamName(name));
                physicalNames.put(logicalId, name);
              } else if (type.equals("AWS::DynamoDB::Table")) {
                try {
                  createTable(dynamo, name, properties);
                } catch (software.amazon.awssdk.services.dynamodb.model.ResourceInUseException e) {
                  // kept from an earlier run
                }
                physicalNames.put(logicalId, name);
              }
            });
    return this;
  }

  /**
   * Creates every SQS queue the template declares (named {@code prefix + logical id}) and the
   * Scheduler group {@code group}: what the functions need besides streams and table when they run
   * through their real adapters (dead letters on SQS, wake-ups through the Scheduler API).
   */
  public LocalResources createQueuesAndScheduleGroup(
      String prefix, SqsClient sqs, SchedulerClient scheduler, String group) {
    template
        .get("Resources")
        .fields()
        .forEachRemaining(
            resource -> {
              if (resource.getValue().get("Type").asText().equals("AWS::SQS::Queue")) {
                String name = prefix + resource.getKey();
                queueUrls.put(
                    resource.getKey(), sqs.createQueue(r -> r.queueName(name)).queueUrl());
                physicalNames.put(resource.getKey(), name);
              }
            });
    scheduler.createScheduleGroup(r -> r.name(group));
    return this;
  }

  /** The URL of a created queue. */
  public String queueUrl(String logicalId) {
    String url = queueUrls.get(logicalId);
    if (url == null) {
      throw new IllegalStateException("no queue " + logicalId + " was created");
    }
    return url;
  }

  /** The template, read as JSON. */
  public JsonNode template() {
    return template;
  }

  /** The name a created resource got. */
  public String name(String logicalId) {
    String name = physicalNames.get(logicalId);
    if (name == null) {
      throw new IllegalStateException("the template declares no stream or table " + logicalId);
    }
    return name;
  }

  private String resolve(JsonNode value) {
    if (value.has("Ref")) {
      return parameter(value.get("Ref").asText());
    }
    return value.asText();
  }

  private static Projection projection(JsonNode projection) {
    List<String> nonKey = new ArrayList<>();
    if (projection.has("NonKeyAttributes")) {
      projection.get("NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
    }
    return Projection.builder()
        .projectionType(projection.get("ProjectionType").asText())
        .nonKeyAttributes(nonKey.isEmpty() ? null : nonKey)
        .build();
  }

  private static void createTable(DynamoDbClient dynamo, String name, JsonNode properties) {
    List<AttributeDefinition> attributes = new ArrayList<>();
    properties
        .get("AttributeDefinitions")
        .forEach(
            a ->
                attributes.add(
                    AttributeDefinition.builder()
                        .attributeName(a.get("AttributeName").asText())
                        .attributeType(a.get("AttributeType").asText())
                        .build()));
    List<GlobalSecondaryIndex> indexes = new ArrayList<>();
    if (properties.has("GlobalSecondaryIndexes")) {
      properties
          .get("GlobalSecondaryIndexes")
          .forEach(
              index ->
                  indexes.add(
                      GlobalSecondaryIndex.builder()
                          .indexName(index.get("IndexName").asText())
                          .keySchema(keySchema(index.get("KeySchema")))
                          .projection(projection(index.get("Projection")))
                          .build()));
    }
    dynamo.createTable(
        r ->
            r.tableName(name)
                .billingMode(BillingMode.fromValue(properties.get("BillingMode").asText()))
                .attributeDefinitions(attributes)
                .keySchema(keySchema(properties.get("KeySchema")))
                .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes));
    JsonNode ttl = properties.get("TimeToLiveSpecification");
    if (ttl != null && ttl.get("Enabled").asBoolean()) {
      dynamo.updateTimeToLive(
          r ->
              r.tableName(name)
                  .timeToLiveSpecification(
                      t -> t.attributeName(ttl.get("AttributeName").asText()).enabled(true)));
    }
  }

  private static List<KeySchemaElement> keySchema(JsonNode keys) {
    List<KeySchemaElement> schema = new ArrayList<>();
    keys.forEach(
        k ->
            schema.add(
                KeySchemaElement.builder()
                    .attributeName(k.get("AttributeName").asText())
                    .keyType(k.get("KeyType").asText())
                    .build()));
    return schema;
  }
}
