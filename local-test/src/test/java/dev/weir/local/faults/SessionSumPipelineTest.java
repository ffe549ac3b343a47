package dev.weir.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.testing.WeirTestDriver;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The fault campaign's session round is only as good as its expectation: without faults, Weir's
 * outputs of the session-sum pipeline are exactly the sessions {@link SessionSumPipeline#expected}
 * computes from the input, which merges sessions (the input is out of order, so many do).
 */
class SessionSumPipelineTest {
  @Test
  void withoutFaultsTheOutputsAreExactlyTheExpectedSessions() {
    long now = 1_764_583_200_000L;
    List<Event> events = ExactRound.generate(300, 7, now);
    Map<String, String> expected = SessionSumPipeline.expected(events);

    Map<String, String> actual = new TreeMap<>();
    try (WeirTestDriver<String, Event, String> driver =
        WeirTestDriver.of(new SessionSumPipeline().pipeline(), new Instant(now))) {
      driver.sendAll(events);
      driver.advanceWatermarkToInfinity();
      for (String output : driver.outputValues()) {
        String[] parts = output.split("\\|");
        actual.put(parts[0] + '|' + parts[1], output);
      }
    }

    assertThat(actual).isEqualTo(expected);
    assertThat(expected.size()).as("sessions, fewer than events: many merged").isBetween(12, 250);
  }
}
