package dev.weir.runner.backend;

import dev.weir.runner.core.StageStore;
import dev.weir.runner.core.StageStores;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import java.net.URI;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Every stage's state and timers in one DynamoDB table with Weir's schema, the one the Lambda
 * functions use, created if missing. Each stage files its items under a pipeline name made of the
 * run's random id and the stage's index, so runs and stages sharing the table never meet.
 */
public final class DynamoDbStageStores implements StageStores {
  private final DynamoDbClient client;
  private final String table;
  private final String run = "runner-" + UUID.randomUUID().toString().substring(0, 8);

  /**
   * @param endpoint DynamoDB's endpoint, or null for AWS's (default credentials); a localhost one
   *     (DynamoDB Local) is sent fixed credentials, as it takes any
   */
  public DynamoDbStageStores(String endpoint, String region, String table) {
    DynamoDbClientBuilder builder = DynamoDbClient.builder().region(Region.of(region));
    if (endpoint != null) {
      URI uri = URI.create(endpoint);
      builder.endpointOverride(uri);
      if ("localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost())) {
        builder.credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
      }
    }
    this.client = builder.build();
    this.table = table;
    createTableIfMissing();
  }

  private void createTableIfMissing() {
    try {
      client.describeTable(b -> b.tableName(table));
      return;
    } catch (ResourceNotFoundException missing) {
      // created below
    }
    try {
      client.createTable(new DynamoDbSchema(table, run).createTableRequest());
    } catch (ResourceInUseException createdMeanwhile) {
      // another run created it first
    }
    client.waiter().waitUntilTableExists(b -> b.tableName(table));
  }

  @Override
  public StageStore open(int index) {
    String pipeline = run + "-" + index;
    // One timer bucket: buckets spread a deployment's timer writes over index partitions, and a
    // stage's watermark hold queries every bucket of both domains each time it is read.
    DynamoDbStore store = new DynamoDbStore(client, new DynamoDbSchema(table, pipeline, 1));
    return new StageStore(pipeline, store.asStores());
  }

  @Override
  public void close() {
    client.close();
  }
}
