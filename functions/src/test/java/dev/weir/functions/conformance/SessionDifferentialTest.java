package dev.weir.functions.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.functions.examples.batchedrpc.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Stateful DoFns on session windows, which no Beam runner runs, against the same computation the
 * DirectRunner can run: {@code GroupByKey} over the same {@code Sessions}, accumulating panes. Each
 * pane of a session is one {@code end} output of {@link SessionFn} (its on-time pane when the
 * watermark passes the session's end, a late pane for late data that merged into it), with the same
 * content, timestamp and window; the session's last pane is its {@code expired} output. Random
 * scenarios (gaps, out-of-order and late events bridging sessions, sessions that fired, several
 * keys); rerun one with {@code -Dweir.sessions.seed=<seed>}, set the count with {@code
 * -Dweir.sessions.scenarios=N} (default 300).
 */
class SessionDifferentialTest {
  private static final int SCENARIOS = Integer.getInteger("weir.sessions.scenarios", 300);
  private static final Long ONLY_SEED = Long.getLong("weir.sessions.seed");
  private static final Duration GAP = Duration.standardSeconds(10);
  private static final Duration LATENESS = Duration.standardSeconds(30);
  private static final Map<Long, Queue<Pane>> PANES = new ConcurrentHashMap<>();

  /** Scenarios run, with a session merged away, with a session firing again after late data. */
  private static final AtomicIntegerArray COVERAGE = new AtomicIntegerArray(3);

  /** Scenarios without merges or late firings would prove little of what sessions add. */
  @AfterAll
  static void mergesAndLateFiringsAreCommon() {
    int run = COVERAGE.get(0);
    System.out.printf(
        "session scenarios: %d, with a merged-away session %d, with a late firing %d%n",
        run, COVERAGE.get(1), COVERAGE.get(2));
    if (ONLY_SEED == null) {
      assertThat(COVERAGE.get(1)).as("scenarios with a merge").isGreaterThanOrEqualTo(run / 4);
      assertThat(COVERAGE.get(2))
          .as("scenarios with a late firing")
          .isGreaterThanOrEqualTo(run / 4);
    }
  }

  /** One pane the DirectRunner fired. */
  record Pane(String key, String content, BoundedWindow window, long index) {}

  private static final DoFnCase<String> CASE =
      new DoFnCase<>(
          "sessions",
          castWindowFn(Sessions.withGapDuration(GAP)),
          LATENESS,
          StringUtf8Coder.of(),
          SessionFn::new,
          null);

  @SuppressWarnings("unchecked")
  private static WindowFn<Object, ?> castWindowFn(WindowFn<?, ?> windowFn) {
    return (WindowFn<Object, ?>) windowFn;
  }

  @TestFactory
  Stream<DynamicTest> weirOnSessionsMatchesTheDirectRunnersPanes() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < SCENARIOS; i++) {
      long seed = ONLY_SEED != null ? ONLY_SEED : 50_000L + i;
      tests.add(DynamicTest.dynamicTest("sessions, seed " + seed, () -> check(seed)));
      if (ONLY_SEED != null) {
        break;
      }
    }
    return tests.stream();
  }

  private static void check(long seed) {
    Scenario scenario = SessionScenarios.generate(seed);
    List<String> weir = WeirScenarioRunner.run(scenario, CASE);
    List<String> expected = expectedFromPanes(seed, scenario);
    assertThat(weir)
        .as(
            "seed %d: Weir's outputs against the DirectRunner's panes%nscenario: %s",
            seed, scenario.steps())
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  /** Each pane as an {@code end} output; each session's last pane as its {@code expired} one. */
  private static List<String> expectedFromPanes(long seed, Scenario scenario) {
    List<Pane> panes = new ArrayList<>(runOracle(seed, scenario));
    COVERAGE.incrementAndGet(0);
    if (panes.stream().anyMatch(p -> p.index() > 0)) {
      COVERAGE.incrementAndGet(2);
    }
    Map<String, Pane> last = new HashMap<>();
    List<String> expected = new ArrayList<>();
    for (Pane pane : panes) {
      expected.add(canonical("end " + pane.content(), pane.window()));
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
      if (!mergedAway) {
        expected.add(canonical("expired " + pane.content(), pane.window()));
      } else {
        merged = true;
      }
    }
    if (merged) {
      COVERAGE.incrementAndGet(1);
    }
    return expected;
  }

  private static String canonical(String value, BoundedWindow window) {
    return Canonical.of(StringUtf8Coder.of(), value, window.maxTimestamp(), window);
  }

  private static Queue<Pane> runOracle(long seed, Scenario scenario) {
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
