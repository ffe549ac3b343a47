package dev.weir.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.bench.sessions.SessionBenchPipeline;
import dev.weir.bench.workload.Workload;
import dev.weir.local.latency.AwsLatencyModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each contender handles a small workload on a real local stack and its cost is measured. */
class StackRunIT {
  private static final Path ROOT = Path.of(System.getProperty("weir.root", "..")).normalize();

  /**
   * Every contender's events are handled and its cost counted. Weir's run ends with every event
   * output once and no state left, its timer ticks counted apart from the events; the baselines',
   * which have no timers, with their unfilled buffers left.
   */
  @ParameterizedTest
  @EnumSource(Contender.class)
  void aRunCountsItsCostAndEndsWithEveryEventOutputOrSaysWhatWasLeft(Contender contender)
      throws Exception {
    Workload workload = Workload.medium(300);

    StackResult result =
        StackRun.run(ROOT, workload, workload.generate(), contender, System.err, null);

    assertThat(result.events()).isEqualTo(300);
    assertThat(result.invocations()).isGreaterThanOrEqualTo(3);
    assertThat(result.eventsPerSec()).isPositive();
    assertThat(result.shardPace().measured()).isPositive();
    assertThat(result.shardPace().modelled()).isZero(); // nothing is modelled without the profile
    assertThat(result.requestsPerEvent()).isPositive();
    assertThat(result.writeUnitsPerEvent()).isPositive();
    assertThat(result.unitsPerEvent())
        .isEqualTo(result.readUnitsPerEvent() + result.writeUnitsPerEvent(), within());
    assertThat(result.records().inputEvents()).isEqualTo(300);
    assertThat(result.records().putPayloadUnits())
        .isEqualTo(300 + result.records().ticks() + result.records().outputs());
    if (contender == Contender.WEIR) {
      assertThat(result.left()).isEqualTo(StackResult.WorkLeft.NONE);
      assertThat(result.records().outputs()).isGreaterThanOrEqualTo(300);
      assertThat(result.records().ticks()).isPositive();
      assertThat(result.scheduled().watermarkInvocations()).isPositive();
    } else {
      assertThat(result.left().stateLeft()).isPositive();
      assertThat(result.left().eventsNeverOutput())
          .isPositive()
          .isEqualTo(300 - result.records().outputs());
      assertThat(result.records().ticks()).isZero();
      assertThat(result.scheduled()).isEqualTo(StackResult.Scheduled.NONE);
    }
  }

  /**
   * The session workload runs on Weir's functions; under the AWS latency profile, its pace is
   * modelled too.
   */
  @Test
  void theSessionWorkloadRunsOnWeirsFunctionsAndItsPaceIsModelledUnderTheProfile()
      throws Exception {
    Workload workload = Workload.sessions(300);

    StackResult result =
        StackRun.runWeir(
            ROOT,
            SessionBenchPipeline.class.getName(),
            workload,
            workload.generate(),
            System.err,
            AwsLatencyModel.inRegion());

    assertThat(result.events()).isEqualTo(300);
    assertThat(result.shardPace().modelled()).isPositive();
    assertThat(result.writeUnitsPerEvent()).isPositive();
    assertThat(result.unitsPerEvent())
        .isEqualTo(result.readUnitsPerEvent() + result.writeUnitsPerEvent(), within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
