package dev.weir.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.bench.workload.Workload;
import dev.weir.functions.examples.batchedrpc.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both engine contenders emit every event of a small workload exactly once in count. */
class EngineContendersTest {
  private static final int EVENTS = 3_000;

  @Test
  void workloadHasNoEventBehindTheWatermark() {
    assertThat(EngineContendersMain.behindWatermark(Workload.hot(EVENTS).generate())).isZero();
    assertThat(EngineContendersMain.behindWatermark(Workload.wide(EVENTS).generate())).isZero();
  }

  @Test
  void directRunnerEmitsEveryEvent() {
    for (List<Event> events : workloads()) {
      EngineResult result = DirectRunnerThroughput.run(events);
      assertThat(result.outputs()).isEqualTo(events.size());
      assertThat(result.eventsPerSecond()).isPositive();
    }
  }

  @Test
  void flinkEmitsEveryEvent() throws Exception {
    for (List<Event> events : workloads()) {
      EngineResult result = FlinkThroughput.run(events);
      assertThat(result.outputs()).isEqualTo(events.size());
      assertThat(result.eventsPerSecond()).isPositive();
    }
  }

  private static List<List<Event>> workloads() {
    return List.of(Workload.hot(EVENTS).generate(), Workload.wide(EVENTS).generate());
  }
}
