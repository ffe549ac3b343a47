package dev.weir.functions.conformance;

import dev.weir.functions.examples.batchedrpc.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;

/**
 * What {@link SessionFn} must output, from the DirectRunner: it runs {@code GroupByKey} over the
 * same {@code Sessions} (gap 10 s, lateness 30 s) with accumulating panes. Each pane of a session
 * is one {@code end} output with the same content, timestamp and window (its on-time pane when the
 * watermark passes the session's end, a late pane for late data that merged into it); the last pane
 * of a session that did not merge into a later one is its {@code expired} output.
 */
public final class SessionOracle {
  static final Duration GAP = Duration.standardSeconds(10);
  static final Duration LATENESS = Duration.standardSeconds(30);
  private static final Map<Long, Queue<Pane>> PANES = new ConcurrentHashMap<>();

  /** The session DoFn as the scenario runner takes it. */
  public static final DoFnCase<String> CASE =
      new DoFnCase<>(
          "sessions",
          castWindowFn(Sessions.withGapDuration(GAP)),
          LATENESS,
          StringUtf8Coder.of(),
          SessionFn::new,
          null);

  private SessionOracle() {}

  @SuppressWarnings("unchecked")
  private static WindowFn<Object, ?> castWindowFn(WindowFn<?, ?> windowFn) {
    return (WindowFn<Object, ?>) windowFn;
  }

  /**
   * The expected outputs of a scenario.
   *
   * @param merged a session merged into a later one
   * @param firedLate a session fired again after late data
   */
  public record Expected(List<String> outputs, boolean merged, boolean firedLate) {}

  /** One pane the DirectRunner fired. */
  record Pane(String key, String content, BoundedWindow window, long index) {}

  public static Expected expected(long seed, Scenario scenario) {
    List<Pane> panes = new ArrayList<>(runDirectRunner(seed, scenario));
    Map<String, Pane> last = new HashMap<>();
    List<String> outputs = new ArrayList<>();
    for (Pane pane : panes) {
      outputs.add(canonical("end " + pane.content(), pane.window()));
      last.merge(pane.key() + " " + pane.window(), pane, (a, b) -> a.index() >= b.index() ? a : b);
    }
    // A session that merged into a later one (its window inside the merged one's) never expires.
    boolean merged = false;
    for (Pane pane : last.values()) {
      boolean mergedAway =
          last.values().stream()
              .anyMatch(
                  other ->
                      other.key().equals(pane.key())
                          && !other.window().equals(pane.window())
                          && ((IntervalWindow) other.window())
                              .contains((IntervalWindow) pane.window()));
      if (mergedAway) {
        merged = true;
      } else {
        outputs.add(canonical("expired " + pane.content(), pane.window()));
      }
    }
    return new Expected(outputs, merged, panes.stream().anyMatch(p -> p.index() > 0));
  }

  private static String canonical(String value, BoundedWindow window) {
    return Canonical.of(StringUtf8Coder.of(), value, window.maxTimestamp(), window);
  }

  private static Queue<Pane> runDirectRunner(long seed, Scenario scenario) {
    PANES.put(seed, new ConcurrentLinkedQueue<>());
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply(DirectRunnerOracle.testStream(scenario))
        .apply(
            Window.<KV<String, Event>>into(Sessions.withGapDuration(GAP))
                .withAllowedLateness(LATENESS)
                .accumulatingFiredPanes())
        .apply(GroupByKey.create())
        .apply(ParDo.of(new RecordPanes(seed)));
    pipeline.run().waitUntilFinish();
    return PANES.remove(seed);
  }

  /** Keeps each pane, in this JVM, for the test to compare with. */
  static final class RecordPanes extends DoFn<KV<String, Iterable<Event>>, Void> {
    private final long seed;

    RecordPanes(long seed) {
      this.seed = seed;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<Event>> pane, BoundedWindow window, PaneInfo info) {
      long sum = 0;
      List<Long> ids = new ArrayList<>();
      for (Event event : pane.getValue()) {
        sum += event.id();
        ids.add(event.id());
      }
      String content = SessionFn.describe("", pane.getKey(), sum, ids).substring(1);
      PANES.get(seed).add(new Pane(pane.getKey(), content, window, info.getIndex()));
    }
  }
}
