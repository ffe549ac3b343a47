package dev.weir.local.tools;

import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.local.stack.EmulatedStack;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where {@code weir inspect} reads: a local stack's data kept in a directory (DynamoDB Local is
 * started on it), an endpoint (LocalStack, a running emulator), or AWS itself with the default
 * credentials and region chain.
 *
 * @param table the state table's physical name
 */
public record StoreConnection(DynamoDbClient client, String table, String where) {

  /** The state table a stack kept in {@code dataDir} created. */
  public static StoreConnection keptIn(Path dataDir, String table) {
    Path dynamo = dataDir.resolve("dynamodb");
    if (!Files.isDirectory(dynamo)) {
      throw new IllegalArgumentException(
          dataDir + " holds no stack's data (run `weir run --data-dir " + dataDir + "` first)");
    }
    return new StoreConnection(
        EmbeddedDynamoDb.keptIn(dynamo).client(),
        table != null ? table : EmulatedStack.KEPT_STACK_NAME + "-StateTable",
        "the local stack kept in " + dataDir);
  }

  public static StoreConnection at(URI endpoint, String table) {
    return new StoreConnection(
        DynamoDbClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build(),
        table,
        endpoint.toString());
  }

  /** AWS, with credentials and region from the default chains ({@code region} if given). */
  public static StoreConnection aws(String region, String table) {
    var builder = DynamoDbClient.builder();
    if (region != null) {
      builder.region(Region.of(region));
    }
    return new StoreConnection(builder.build(), table, "AWS");
  }
}
