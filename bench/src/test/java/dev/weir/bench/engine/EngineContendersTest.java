package dev.weir.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.bench.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every engine contender emits every event of each small workload exactly once in count. */
class EngineContendersTest {
  private static final int EVENTS = 3_000;

  @Test
  void workloadHasNoEventBehindTheWatermark() {
    assertThat(EngineContendersMain.behindWatermark(Workload.hot(EVENTS).generate())).isZero();
    assertThat(EngineContendersMain.behindWatermark(Workload.medium(EVENTS).generate())).isZero();
    assertThat(EngineContendersMain.behindWatermark(Workload.wide(EVENTS).generate())).isZero();
  }

  @Test
  void everyContenderEmitsEveryEventOfEveryWorkloadRunAfterRun() throws Exception {
    for (EngineContender contender :
        List.of(
            WeirEngineThroughput.contender(),
            DirectRunnerThroughput.contender(true),
            DirectRunnerThroughput.contender(false),
            FlinkThroughput.contender())) {
      try (contender) {
        for (List<StreamRecord> events : workloads()) {
          for (int run = 0; run < 2; run++) { // a kept setup (Flink's cluster) counts afresh
            EngineResult result = contender.runOnce(events);
            assertThat(result.outputs()).as(contender.name()).isEqualTo(events.size());
            assertThat(result.eventsPerSecond()).isPositive();
          }
        }
      }
    }
  }

  @Test
  void theProtocolReportsTheMedianOfEveryTimedRunAndRefusesLostEvents() throws Exception {
    List<StreamRecord> events = StreamRecord.of(Workload.medium(EVENTS).generate());
    List<Integer> outputs = new java.util.ArrayList<>(List.of(100, 300, 200, 400));
    EngineContender fake =
        new EngineContender() {
          @Override
          public String name() {
            return "fake";
          }

          @Override
          public EngineResult runOnce(List<StreamRecord> input) {
            return new EngineResult(outputs.remove(0), input.size());
          }
        };

    EngineProtocol.Measured measured =
        EngineProtocol.measure(
                List.of(fake),
                c -> events,
                3,
                "medium",
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
            .get("fake");

    assertThat(measured.runs()).containsExactly(300.0, 200.0, 400.0); // the first was the warm-up
    assertThat(measured.eventsPerSec()).isEqualTo(300.0);
    assertThat(measured.events()).isEqualTo(EVENTS);
    EngineContender lossy =
        new EngineContender() {
          @Override
          public String name() {
            return "lossy";
          }

          @Override
          public EngineResult runOnce(List<StreamRecord> input) {
            return new EngineResult(1.0, input.size() - 1);
          }
        };
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                EngineProtocol.measure(
                    List.of(lossy),
                    c -> events,
                    3,
                    "medium",
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))
        .hasMessageContaining("every event must come out exactly once");
  }

  private static List<List<StreamRecord>> workloads() {
    return List.of(
        StreamRecord.of(Workload.hot(EVENTS).generate()),
        StreamRecord.of(Workload.medium(EVENTS).generate()),
        StreamRecord.of(Workload.wide(EVENTS).generate()));
  }
}
