package dev.weir.bench.timers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Timers fire within one wake-up period of becoming due, and wake-ups cost one Scheduler call per
 * minute, not per timer.
 */
class TimerLagRunTest {
  @Test
  void withTheSweeperTickingEverySecondTimersFireWithinASecond() {
    TimerLagResult result = TimerLagRun.run("ticks", 2_000, 1_000);

    assertThat(result.processingTimers()).isEqualTo(2_000);
    assertThat(result.eventTimers()).isPositive();
    assertThat(result.processingTimeP99()).isBetween(0.0, 1_000.0 + 250);
    assertThat(result.eventTimeP99()).isBetween(0.0, 1_000.0 + 250);
    assertThat(result.schedulerCalls()).isPositive();
    assertThat(result.schedulerCallsPerTimer()).isLessThanOrEqualTo(0.01);
  }

  @Test
  void withMinuteSweepsTimersWaitForTheirMinute() {
    TimerLagResult result = TimerLagRun.run("minute", 2_000, 60_000);

    assertThat(result.eventTimeP50()).isGreaterThan(1_000);
    assertThat(result.eventTimeP99()).isLessThan(60_000 + 250);
    assertThat(result.processingTimeP99()).isLessThan(60_000 + 250);
  }
}
