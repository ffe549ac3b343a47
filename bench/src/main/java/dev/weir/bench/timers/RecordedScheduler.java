package dev.weir.bench.timers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * EventBridge Scheduler's API as recorded answers (it has no local implementation): accepts every
 * {@code CreateSchedule} and remembers what was asked for, so the benchmark can count calls and
 * deliver each one-time schedule at its minute.
 */
final class RecordedScheduler implements AutoCloseable {
  private final WireMockServer api;
  private final SchedulerClient client;

  private RecordedScheduler(WireMockServer api) {
    this.api = api;
    this.client =
        SchedulerClient.builder()
            .endpointOverride(URI.create(api.baseUrl()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build();
  }

  static RecordedScheduler start() {
    WireMockServer api = new WireMockServer(options().dynamicPort());
    api.start();
    api.stubFor(
        post(urlPathMatching("/schedules/.*"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"ScheduleArn\":\"arn:aws:scheduler:us-east-1:000000000000:schedule/x\"}")));
    return new RecordedScheduler(api);
  }

  SchedulerClient client() {
    return client;
  }

  long createScheduleCalls() {
    return api.countRequestsMatching(postRequestedFor(urlPathMatching("/schedules/.*")).build())
        .getCount();
  }

  /** The minute each created schedule fires at (its name ends with the minute number). */
  List<Long> scheduledBuckets() {
    return api.findAll(postRequestedFor(urlPathMatching("/schedules/.*"))).stream()
        .map(request -> request.getUrl().substring(request.getUrl().lastIndexOf('-') + 1))
        .map(minute -> Long.parseLong(minute.replaceAll("[^0-9].*$", "")) * 60_000L)
        .toList();
  }

  @Override
  public void close() {
    client.close();
    api.stop();
  }
}
