package dev.weir.local.kinesis;

import dev.weir.local.aws.EmbeddedKinesis;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Streams on kinesalite for the tests of this package: a client, and waiting for a stream. */
final class LocalStreams {
  private LocalStreams() {}

  /** A client of {@code emulator}, with the credentials and region it takes. */
  static KinesisClient client(EmbeddedKinesis emulator) {
    return KinesisClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }

  /** Waits until {@code stream} is active again (after it was created or resharded). */
  static void awaitActive(KinesisClient kinesis, String stream) {
    for (int i = 0; i < 200; i++) {
      if (kinesis
              .describeStreamSummary(r -> r.streamName(stream))
              .streamDescriptionSummary()
              .streamStatus()
          == StreamStatus.ACTIVE) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("stream " + stream + " did not become active");
  }
}
