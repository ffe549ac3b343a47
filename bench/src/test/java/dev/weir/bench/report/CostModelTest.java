package dev.weir.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weir.bench.stack.StackResult;
import org.junit.jupiter.api.Test;

/** Dollars per million events follow from the measured counts and the stated list prices. */
class CostModelTest {
  private static final double GB_S = 0.0000166667;
  private static final double REQUEST = 0.20e-6;
  private static final double PUT_UNIT = 0.014e-6;

  /**
   * 1,000 events: 1 write unit and 2 read units each, 2 s of processor time in 10 invocations, 120
   * s of wall time, 1,300 PUT payload units (1,000 events, 100 ticks, 200 outputs).
   */
  private static StackResult result(StackResult.Scheduled scheduled) {
    return new StackResult(
        1_000,
        500,
        1,
        2,
        1,
        3,
        10,
        2.0,
        scheduled.watermarkSeconds() + scheduled.timerSeconds(),
        scheduled.watermarkInvocations() + scheduled.timerInvocations(),
        120,
        scheduled,
        new StackResult.Records(1_000, 100, 200, 1_300),
        StackResult.WorkLeft.NONE,
        new StackResult.ShardPace(500, 0));
  }

  @Test
  void unitsProcessorTimeAndKinesisRecordsArePricedAtListPrices() {
    CostModel.Breakdown cost = CostModel.breakdown(result(StackResult.Scheduled.NONE));

    assertThat(cost.dynamoDb()).isCloseTo(1e6 * (0.625e-6 + 2 * 0.125e-6), within(1e-9));
    assertThat(cost.processor()).isCloseTo(1e3 * (2.0 * GB_S + 10 * REQUEST), within(1e-9));
    assertThat(cost.kinesis()).isCloseTo(1e3 * 1_300 * PUT_UNIT, within(1e-9));
    assertThat(cost.watermark()).isZero();
    assertThat(cost.timer()).isZero();
    assertThat(CostModel.perMillionEvents(result(StackResult.Scheduled.NONE)))
        .isCloseTo(cost.dynamoDb() + cost.processor() + cost.kinesis(), within(1e-12));
  }

  @Test
  void aWatermarkFunctionSweepingUnderAMinuteApartIsBilledTheWholeMinuteEveryMinute() {
    // Swept every 5 s, 24 sweeps of 0.1 s each measured: deployed, one invocation a minute runs
    // the whole minute, so 2 minutes bill 120 s and 2 requests, whatever the sweeps took.
    StackResult.Scheduled scheduled = new StackResult.Scheduled(5, 2.4, 24, 0.5, 5);

    CostModel.Breakdown cost = CostModel.breakdown(result(scheduled));

    assertThat(cost.watermark()).isCloseTo(1e3 * (120 * GB_S + 2 * REQUEST), within(1e-9));
    assertThat(cost.timer()).isCloseTo(1e3 * (0.5 * GB_S + 5 * REQUEST), within(1e-9));
  }

  @Test
  void aWatermarkFunctionSweepingOnceAMinuteIsBilledItsMeasuredSweepEveryMinute() {
    // Once a minute, 2 sweeps of 0.3 s in the 2 minutes: 0.6 s and 2 requests.
    StackResult.Scheduled scheduled = new StackResult.Scheduled(60, 0.6, 2, 0, 0);

    assertThat(CostModel.breakdown(result(scheduled)).watermark())
        .isCloseTo(1e3 * (0.6 * GB_S + 2 * REQUEST), within(1e-9));
  }
}
