package dev.weir.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.functions.examples.batchedrpc.Event;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class FlinkBatchedRpcFunctionTest {
  private static final FixedWindows BEAM_WINDOWS = FixedWindows.of(Duration.standardMinutes(1));

  @Test
  void windowStartIsBeamsFixedWindowStart() {
    for (long time : new long[] {0, 59_999, 60_000, 1_700_000_012_345L, -1}) {
      IntervalWindow beam = BEAM_WINDOWS.assignWindow(new Instant(time));
      assertThat(FlinkBatchedRpcFunction.windowStart(time))
          .as("t=%d", time)
          .isEqualTo(beam.start().getMillis());
    }
  }

  @Test
  void stateKeyIsKeyAndWindow() {
    Event first = new Event("user-1", 1, 1_700_000_000_000L, "a");
    Event sameWindow = new Event("user-1", 2, 1_700_000_000_000L + 1, "b");
    Event nextWindow = new Event("user-1", 3, 1_700_000_000_000L + 60_000, "c");
    Event otherKey = new Event("user-2", 4, 1_700_000_000_000L, "d");

    assertThat(FlinkBatchedRpcFunction.stateKey(first))
        .isEqualTo(FlinkBatchedRpcFunction.stateKey(sameWindow))
        .isNotEqualTo(FlinkBatchedRpcFunction.stateKey(nextWindow))
        .isNotEqualTo(FlinkBatchedRpcFunction.stateKey(otherKey));
  }
}
