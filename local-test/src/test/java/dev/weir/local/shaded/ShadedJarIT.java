package dev.weir.local.shaded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.functions.wiring.WeirEnvironment;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.local.aws.EmbeddedKinesis;
import dev.weir.local.infra.LocalResources;
import dev.weir.state.KeyIds;
import dev.weir.store.KeyHeader;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The artifact the template deploys, run as Lambda would run it: a fresh JVM with only the shaded
 * jar, handlers built by their no-argument constructors from environment variables (the names the
 * template sets), against DynamoDB Local and kinesalite. The state it commits is then read back.
 */
class ShadedJarIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theShadedJarProcessesAnEventFromItsEnvironmentAlone() throws Exception {
    Path jar = ROOT.resolve("functions/target/weir-functions-lambda.jar");
    assertThat(jar).exists();
    EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.get();
    try (EmbeddedKinesis kinesis =
        EmbeddedKinesis.start(ROOT.resolve("local-test/src/main/node/node_modules"))) {
      KinesisClient kinesisClient =
          KinesisClient.builder()
              .endpointOverride(kinesis.endpoint())
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
              .build();
      LocalResources resources =
          LocalResources.read(ROOT.resolve("infra/template.yaml"))
              .create("shaded-", kinesisClient, dynamo.client());

      ProcessBuilder child =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Daws.cborEnabled=false",
              "-cp",
              jar + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath(),
              InvokeHandlersOnce.class.getName());
      Map<String, String> env = child.environment();
      env.put(WeirEnvironment.PIPELINE_CLASS, resources.parameter("PipelineClass"));
      env.put(WeirEnvironment.STATE_TABLE, resources.name("StateTable"));
      env.put(WeirEnvironment.OUTPUT_STREAM, resources.name("OutputStream"));
      env.put(WeirEnvironment.INPUT_STREAM, resources.name("InputStream"));
      env.put(
          WeirEnvironment.DEAD_LETTER_QUEUE_URL, "http://localhost:1/000000000000/dead-letters");
      env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
      env.put("AWS_ENDPOINT_URL_KINESIS", kinesis.endpoint().toString());
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_ACCESS_KEY_ID", "local");
      env.put("AWS_SECRET_ACCESS_KEY", "local");
      Path log = Files.createTempFile("weir-shaded", ".log");
      Process process = child.redirectErrorStream(true).redirectOutput(log.toFile()).start();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(Files.readString(log)).isZero();

      DynamoDbStore store =
          new DynamoDbStore(
              dynamo.client(), new DynamoDbSchema(resources.name("StateTable"), "batched-rpc"));
      KeyHeader header = store.readHeader(new KeyIds<>(StringUtf8Coder.of()).idOf("alice"));
      assertThat(header.version()).isPositive();
      assertThat(
              header.hasApplied(
                  "shardId-000000000000",
                  "49590000000000000000000000000000000000000000000000000003"))
          .isTrue();
    }
  }
}
