package dev.weir.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.bench.sessions.SessionBenchPipeline;
import dev.weir.bench.workload.Workload;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each contender handles a small workload on a real local stack and its cost is measured. */
class StackRunIT {
  private static final Path ROOT = Path.of(System.getProperty("weir.root", "..")).normalize();

  @ParameterizedTest
  @EnumSource(Contender.class)
  void everyRecordIsHandledAndItsStoreCostCounted(Contender contender) throws Exception {
    Workload workload = Workload.hot(300);

    StackResult result =
        StackRun.run(ROOT, workload, workload.generate(), contender, System.err, null);

    assertThat(result.events()).isEqualTo(300);
    assertThat(result.invocations()).isGreaterThanOrEqualTo(3);
    assertThat(result.eventsPerSec()).isPositive();
    assertThat(result.requestsPerEvent()).isPositive();
    assertThat(result.writeUnitsPerEvent()).isPositive();
    assertThat(result.unitsPerEvent())
        .isEqualTo(result.readUnitsPerEvent() + result.writeUnitsPerEvent(), within());
  }

  @Test
  void theSessionWorkloadRunsOnWeirsFunctionsWithItsOwnPipeline() throws Exception {
    Workload workload = Workload.sessions(300);

    StackResult result =
        StackRun.runWeir(
            ROOT,
            SessionBenchPipeline.class.getName(),
            workload,
            workload.generate(),
            System.err,
            null);

    assertThat(result.events()).isEqualTo(300);
    assertThat(result.writeUnitsPerEvent()).isPositive();
    assertThat(result.unitsPerEvent())
        .isEqualTo(result.readUnitsPerEvent() + result.writeUnitsPerEvent(), within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
