package dev.weir.functions.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch metrics in Embedded Metric Format: one JSON log line per invocation, which Lambda's
 * log pipeline turns into metrics without any API call. Counters are published as the change since
 * the previous line, so each line holds what one invocation did.
 */
public final class EmfMetrics {
  public static final String NAMESPACE = "Weir";

  /** Records the processor dead-lettered in one invocation. */
  public static final String DEAD_LETTERED = "DeadLettered";

  /** The latest firing of the invocation after its timer's due time. */
  public static final String TIMER_FIRING_LATENESS = "TimerFiringLatenessMillis";

  /** How far the global watermark trails the clock. */
  public static final String WATERMARK_LAG = "WatermarkLagMillis";

  /** Every gauge a function publishes; the counters are {@code EngineCounters.snapshot()}'s. */
  public static final List<String> GAUGES =
      List.of(DEAD_LETTERED, TIMER_FIRING_LATENESS, WATERMARK_LAG);

  private static final ObjectMapper JSON = new ObjectMapper();
  private final String pipeline;
  private final String function;
  private final PrintStream out;
  private final Map<String, Long> previous = new LinkedHashMap<>();

  public EmfMetrics(String pipeline, String function, PrintStream out) {
    this.pipeline = pipeline;
    this.function = function;
    this.out = out;
  }

  /** Publishes the increase of every counter since the last call, and the gauges as they are. */
  public synchronized String publish(
      long timestampMillis, Map<String, Long> counters, Map<String, Double> gauges) {
    Map<String, Object> line = new LinkedHashMap<>();
    List<Map<String, String>> definitions = new ArrayList<>();
    counters.forEach(
        (name, value) -> {
          line.put(name, value - previous.getOrDefault(name, 0L));
          previous.put(name, value);
          definitions.add(Map.of("Name", name, "Unit", "Count"));
        });
    gauges.forEach(
        (name, value) -> {
          line.put(name, value);
          definitions.add(
              Map.of("Name", name, "Unit", name.endsWith("Millis") ? "Milliseconds" : "None"));
        });
    line.put("Pipeline", pipeline);
    line.put("Function", function);
    line.put(
        "_aws",
        Map.of(
            "Timestamp",
            timestampMillis,
            "CloudWatchMetrics",
            List.of(
                Map.of(
                    "Namespace", NAMESPACE,
                    "Dimensions", List.of(List.of("Pipeline", "Function")),
                    "Metrics", definitions))));
    try {
      String json = JSON.writeValueAsString(line);
      out.println(json);
      return json;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
