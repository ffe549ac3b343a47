package dev.weir.functions.examples.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.testing.WeirTestDriver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The session-window example: a user's views form visits separated by five minutes without a view;
 * a view in the gap joins two visits into one; a late view corrects its visit, which is output
 * again; each visit's count, first and last page and duration are right.
 */
class SessionVisitsPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static byte[] view(String user, String page, String time) {
    return String.format("{\"user\":\"%s\",\"page\":\"%s\",\"time\":\"%s\"}", user, page, time)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Views arrive in Kinesis at a quarter past ten, none of them from the future. */
  private final WeirTestDriver<String, String, String> driver =
      WeirTestDriver.of(
          new SessionVisitsPipeline().pipeline(), Instant.parse("2026-12-01T10:15:00Z"));

  private List<String> visits() throws Exception {
    List<String> visits = new ArrayList<>();
    for (String output : driver.outputValues()) {
      JsonNode visit = JSON.readTree(output);
      visits.add(
          visit.get("user").asText()
              + " "
              + visit.get("start").asText().substring(11, 19)
              + " "
              + visit.get("views").asLong()
              + " "
              + visit.get("firstPage").asText()
              + ">"
              + visit.get("lastPage").asText()
              + " "
              + visit.get("durationSeconds").asDouble()
              + "s");
    }
    return visits;
  }

  @Test
  void viewsFormVisitsAndABridgingViewJoinsTwo() throws Exception {
    driver.sendRecords(
        List.of(
            view("alice", "/home", "2026-12-01T10:00:00Z"),
            view("alice", "/cart", "2026-12-01T10:03:00Z"),
            view("bob", "/home", "2026-12-01T10:01:00Z"),
            view("alice", "/pay", "2026-12-01T10:11:00Z")));
    driver.sendRecords(List.of(view("alice", "/shoes", "2026-12-01T10:07:00Z"))); // in the gap

    driver.advanceWatermarkToInfinity();

    assertThat(visits())
        .containsExactlyInAnyOrder(
            "alice 10:00:00 4 /home>/pay 660.0s", "bob 10:01:00 1 /home>/home 0.0s");
  }

  @Test
  void aLateViewCorrectsItsClosedVisit() throws Exception {
    driver.sendRecords(
        List.of(
            view("alice", "/home", "2026-12-01T10:00:00Z"),
            view("alice", "/cart", "2026-12-01T10:02:00Z")));
    driver.advanceWatermarkTo(Instant.parse("2026-12-01T10:08:00Z")); // the visit closed
    List<String> onTime = visits();

    driver.sendRecords(List.of(view("alice", "/help", "2026-12-01T10:04:00Z"))); // late, allowed
    driver.advanceWatermarkToInfinity();

    assertThat(onTime).containsExactly("alice 10:00:00 2 /home>/cart 120.0s");
    assertThat(visits())
        .containsExactly(
            "alice 10:00:00 2 /home>/cart 120.0s", "alice 10:00:00 3 /home>/help 240.0s");
  }
}
