package dev.weir.functions.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential conformance: random scenarios run on Weir's engine and on Beam's DirectRunner must
 * produce exactly the same outputs (values, timestamps, windows). Each test's name carries its
 * seed; rerun one with {@code -Dweir.conformance.seed=<seed>}. {@code
 * -Dweir.conformance.scenarios=N} sets the scenarios per DoFn (default 60, six DoFns).
 */
class DirectRunnerDifferentialTest {
  private static final int SCENARIOS = Integer.getInteger("weir.conformance.scenarios", 60);
  private static final Long ONLY_SEED = Long.getLong("weir.conformance.seed");

  /** Per DoFn: scenarios run, and scenarios with at least one output. */
  private static final Map<String, int[]> COVERAGE = new ConcurrentHashMap<>();

  /** A suite whose scenarios produce no outputs would prove nothing. */
  @AfterAll
  static void mostScenariosProduceOutputs() {
    COVERAGE.forEach(
        (name, counts) ->
            assertThat(counts[1])
                .as("%s: scenarios with outputs out of %d", name, counts[0])
                .isGreaterThanOrEqualTo(counts[0] / 2));
  }

  @TestFactory
  Stream<DynamicTest> weirMatchesTheDirectRunner() {
    List<DynamicTest> tests = new ArrayList<>();
    List<DoFnCase<?>> cases = DoFnCase.all();
    for (int c = 0; c < cases.size(); c++) {
      DoFnCase<?> dofnCase = cases.get(c);
      for (int i = 0; i < SCENARIOS; i++) {
        long seed = ONLY_SEED != null ? ONLY_SEED : 1_000L * (c + 1) + i;
        tests.add(
            DynamicTest.dynamicTest(
                dofnCase.name() + ", seed " + seed, () -> check(dofnCase, seed)));
        if (ONLY_SEED != null) {
          break;
        }
      }
    }
    return tests.stream();
  }

  private static <O> void check(DoFnCase<O> dofnCase, long seed) {
    Scenario scenario = Scenario.generate(seed);
    List<String> weir = WeirScenarioRunner.run(scenario, dofnCase);
    int[] counts = COVERAGE.computeIfAbsent(dofnCase.name(), n -> new int[2]);
    synchronized (counts) {
      counts[0]++;
      counts[1] += weir.isEmpty() ? 0 : 1;
    }
    try {
      DirectRunnerOracle.assertOutputs(scenario, dofnCase, weir);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          "seed "
              + seed
              + " ("
              + dofnCase.name()
              + "): Weir's outputs differ from the DirectRunner's.\nscenario: "
              + scenario.steps()
              + "\nweir: "
              + weir,
          e);
    }
  }
}
