package dev.weir.functions.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Stateful DoFns on session windows, which no Beam runner runs, against the same computation the
 * DirectRunner can run ({@link SessionOracle}): random session scenarios ({@link SessionScenarios}:
 * gaps, out-of-order and late events bridging sessions, sessions that fired, several keys). Rerun
 * one with {@code -Dweir.sessions.seed=<seed>}; set the count with {@code
 * -Dweir.sessions.scenarios=N} (default 300).
 */
class SessionDifferentialTest {
  private static final int SCENARIOS = Integer.getInteger("weir.sessions.scenarios", 300);
  private static final Long ONLY_SEED = Long.getLong("weir.sessions.seed");

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

  @TestFactory
  Stream<DynamicTest> weirOnSessionsMatchesTheDirectRunnersPanes() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < SCENARIOS; i++) {
      long seed = ONLY_SEED != null ? ONLY_SEED : SessionScenarios.FIRST_SEED + i;
      tests.add(DynamicTest.dynamicTest("sessions, seed " + seed, () -> check(seed)));
      if (ONLY_SEED != null) {
        break;
      }
    }
    return tests.stream();
  }

  private static void check(long seed) {
    Scenario scenario = SessionScenarios.generate(seed);
    List<String> weir = WeirScenarioRunner.run(scenario, SessionOracle.CASE);
    SessionOracle.Expected expected = SessionOracle.expected(seed, scenario);
    COVERAGE.incrementAndGet(0);
    COVERAGE.addAndGet(1, expected.merged() ? 1 : 0);
    COVERAGE.addAndGet(2, expected.firedLate() ? 1 : 0);
    assertThat(weir)
        .as(
            "seed %d: Weir's outputs against the DirectRunner's panes%nscenario: %s",
            seed, scenario.steps())
        .containsExactlyInAnyOrderElementsOf(expected.outputs());
  }
}
