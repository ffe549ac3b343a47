package com.example.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.BundleResult;
import dev.weir.inspect.KeyState;
import dev.weir.inspect.PendingTimer;
import dev.weir.testing.WeirTestDriver;
import dev.weir.timer.TimerDomain;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on Weir's test kit: the engine the Lambda functions run, time under the test's
 * control.
 */
class VisitsPipelineTest {
  /** Processing time starts with the views: Weir refuses event times far ahead of arrival. */
  private final WeirTestDriver<String, String, KV<String, Long>> driver =
      WeirTestDriver.of(new VisitsPipeline().pipeline(), Instant.parse("2026-12-01T10:00:00Z"));

  private static byte[] view(String user, String page, String time) {
    return String.format(
            "{\"user\": \"%s\", \"page\": \"%s\", \"time\": \"2026-12-01T%sZ\"}", user, page, time)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aVisitEndsOnceTheWatermarkPassesThirtySecondsWithoutViews() {
    driver.sendRecords(
        List.of(view("alice", "/home", "10:00:00"), view("alice", "/cart", "10:00:07")));
    driver.sweep();
    assertThat(driver.outputValues()).isEmpty();

    // another user's view moves the watermark (5 s behind it) past alice's quiet time
    driver.sendRecords(List.of(view("bob", "/home", "10:00:50")));
    driver.sweep();

    assertThat(driver.watermark()).isEqualTo(Instant.parse("2026-12-01T10:00:45Z"));
    assertThat(driver.outputValues()).containsExactly(KV.of("alice", 2L));
  }

  @Test
  void aViewAfterTheGapEndsTheVisitHoweverViewsAreBatched() {
    driver.sendRecords(
        List.of(
            view("alice", "/home", "10:00:00"),
            view("alice", "/cart", "10:00:10"),
            view("alice", "/home", "10:01:00")));

    assertThat(driver.outputValues()).containsExactly(KV.of("alice", 2L));
  }

  @Test
  void aUsersStateAndTimersCanBeRead() {
    driver.sendRecords(List.of(view("alice", "/home", "10:00:00")));

    KeyState<String> alice = driver.keyState("alice");

    assertThat(alice.windows()).hasSize(1); // the global window
    assertThat(alice.windows().get(0).state())
        .containsEntry("views", 1L)
        .containsEntry("lastView", Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(alice.timers())
        .filteredOn(timer -> !timer.windowExpiry())
        .extracting(PendingTimer::timerId, PendingTimer::domain)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("quiet", TimerDomain.EVENT_TIME),
            org.assertj.core.groups.Tuple.tuple("expiry", TimerDomain.PROCESSING_TIME));
  }

  @Test
  void aUserQuietForTenMinutesOfProcessingTimeIsForgotten() {
    driver.sendRecords(List.of(view("alice", "/home", "10:00:00")));
    driver.sendRecords(List.of(view("bob", "/home", "10:01:00")));
    driver.sweep(); // alice's visit ends: visits = 1

    assertThat(driver.keyState("alice").windows().get(0).state()).containsEntry("visits", 1L);
    // ten minutes on, the shards have long been quiet: the watermark follows the clock
    driver.advanceClock(Duration.standardMinutes(11));

    assertThat(driver.keyState("alice").windows())
        .allSatisfy(window -> assertThat(window.state()).isEmpty());
    assertThat(driver.outputValues()).containsExactly(KV.of("alice", 1L), KV.of("bob", 1L));
  }

  @Test
  void aRecordThatIsNotAPageViewIsRejectedAlone() {
    BundleResult<String> result =
        driver.sendRecords(
            List.of(
                "not json".getBytes(StandardCharsets.UTF_8),
                "{\"user\": \"carol\"}".getBytes(StandardCharsets.UTF_8),
                view("alice", "/home", "10:00:00")));

    assertThat(result.rejected()).hasSize(2);
    assertThat(driver.keyState("alice").windows().get(0).state()).containsEntry("views", 1L);
    assertThat(driver.keys()).containsExactly("alice");
  }
}
