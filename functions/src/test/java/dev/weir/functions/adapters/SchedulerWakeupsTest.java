package dev.weir.functions.adapters;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * The Scheduler adapter against recorded HTTP expectations of the EventBridge Scheduler API
 * (REST-JSON: {@code POST /schedules/{Name}}).
 */
class SchedulerWakeupsTest {
  private static final WireMockServer API = new WireMockServer(options().dynamicPort());
  private static final long NOW = 1_700_000_000_000L; // 2023-11-14T22:13:20Z
  private static final String FUNCTION =
      "arn:aws:lambda:eu-west-1:123456789012:function:weir-timer:live";
  private static final String ROLE = "arn:aws:iam::123456789012:role/weir-scheduler";

  private SchedulerWakeups wakeups;

  @BeforeAll
  static void start() {
    API.start();
  }

  @AfterAll
  static void stop() {
    API.stop();
  }

  @BeforeEach
  void setUp() {
    API.resetAll();
    API.stubFor(
        post(urlPathMatching("/schedules/.*"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"ScheduleArn\":\"arn:aws:scheduler:eu-west-1:123456789012:schedule/g/x\"}")));
    wakeups =
        new SchedulerWakeups(
            client(),
            "batched-rpc",
            "weir-timers",
            FUNCTION,
            ROLE,
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
  }

  private static SchedulerClient client() {
    return RecordedAws.client(
        SchedulerClient.builder().overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)),
        API);
  }

  @Test
  void createsOneDeletingOneTimeScheduleForTheMinuteAfterTheTimer() {
    long dueAt = NOW + 125_000; // 22:15:25 -> wakes at 22:16:00
    wakeups.ensureWakeup(dueAt);

    API.verify(
        1,
        postRequestedFor(urlEqualTo("/schedules/weir-batched-rpc-28333336"))
            .withRequestBody(
                equalToJson(
                    """
                    {"GroupName":"weir-timers",
                     "ScheduleExpression":"at(2023-11-14T22:16:00)",
                     "ScheduleExpressionTimezone":"UTC",
                     "FlexibleTimeWindow":{"Mode":"OFF"},
                     "ActionAfterCompletion":"DELETE",
                     "Target":{"Arn":"%s","RoleArn":"%s",
                               "Input":"{\\"pipeline\\":\\"batched-rpc\\",\\"bucket\\":1700000160000}"}}
                    """
                        .formatted(FUNCTION, ROLE),
                    true,
                    true)));
  }

  @Test
  void manyTimersInOneMinuteMakeOneSchedule() {
    for (int i = 0; i < 10_000; i++) {
      wakeups.ensureWakeup(NOW + 61_000 + i % 59_000);
    }
    wakeups.ensureWakeup(NOW + 125_000);

    API.verify(2, postRequestedFor(urlPathMatching("/schedules/.*")));
  }

  @Test
  void aBucketAnotherContainerScheduledIsFine() {
    API.stubFor(
        post(urlPathMatching("/schedules/.*"))
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("x-amzn-ErrorType", "ConflictException")
                    .withBody("{\"Message\":\"Schedule already exists.\"}")));

    wakeups.ensureWakeup(NOW + 125_000);
    wakeups.ensureWakeup(NOW + 126_000);

    API.verify(
        1,
        postRequestedFor(urlPathMatching("/schedules/.*"))
            .withRequestBody(
                matchingJsonPath(
                    "$.ActionAfterCompletion",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo("DELETE"))));
  }

  @Test
  void bucketsTooCloseToScheduleAreLeftToTheSweeper() {
    long fiveSecondsBeforeAMinute = 1_700_000_035_000L; // 22:13:55
    SchedulerWakeups late =
        new SchedulerWakeups(
            client(),
            "batched-rpc",
            "weir-timers",
            FUNCTION,
            ROLE,
            Clock.fixed(Instant.ofEpochMilli(fiveSecondsBeforeAMinute), ZoneOffset.UTC));
    late.ensureWakeup(fiveSecondsBeforeAMinute + 1_000);

    assertThat(API.getAllServeEvents()).isEmpty();
  }

  @Test
  void aFailedCallIsRetriedOnTheNextTimer() {
    API.stubFor(
        post(urlPathMatching("/schedules/.*"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("x-amzn-ErrorType", "ValidationException")
                    .withBody("{\"Message\":\"bad\"}")));
    assertThatThrownBy(() -> wakeups.ensureWakeup(NOW + 125_000)).hasMessageContaining("bad");
    assertThatThrownBy(() -> wakeups.ensureWakeup(NOW + 125_000)).hasMessageContaining("bad");

    API.verify(2, postRequestedFor(urlPathMatching("/schedules/.*")));
  }
}
