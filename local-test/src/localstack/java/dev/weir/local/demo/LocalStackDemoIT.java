package dev.weir.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The demo end to end against LocalStack's Kinesis and DynamoDB instead of the embedded
 * emulators. Runs only with {@code -Plocalstack}, and only where Docker runs; elsewhere JUnit
 * reports it skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackDemoIT {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
          .withServices("kinesis", "dynamodb");

  @Test
  void theDemoAccountsForEveryInputOnLocalStack() throws Exception {
    DemoSummary summary =
        Demo.run(
            new Demo.Options(
                400,
                4,
                7,
                0.02,
                URI.create(LOCALSTACK.getEndpoint().toString()),
                Path.of("..").toAbsolutePath().normalize(),
                300_000,
                false,
                0,
                0,
                null),
            System.err);

    assertThat(summary.unaccounted()).isZero();
    assertThat(summary.distinctOutputEvents() + summary.lateDropped() + summary.deadLettered())
        .isEqualTo(summary.inputs());
  }
}
