package dev.weir.local.conformance;

import dev.weir.functions.conformance.DirectRunnerOracle;
import dev.weir.functions.conformance.DoFnCase;
import dev.weir.functions.conformance.Scenario;
import dev.weir.functions.conformance.WeirScenarioRunner;
import dev.weir.local.aws.EmbeddedDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The differential conformance suite with Weir's state and timers in DynamoDB Local: the first
 * scenarios of every DoFn (same seeds as the in-memory suite) must still match the DirectRunner
 * exactly. {@code -Dweir.conformance.dynamodbScenarios=N} sets the scenarios per DoFn.
 */
class DynamoDbDifferentialIT {
  private static final int SCENARIOS = Integer.getInteger("weir.conformance.dynamodbScenarios", 10);

  @TestFactory
  Stream<DynamicTest> weirOnDynamoDbMatchesTheDirectRunner() {
    List<DynamicTest> tests = new ArrayList<>();
    List<DoFnCase<?>> cases = DoFnCase.all();
    for (int c = 0; c < cases.size(); c++) {
      DoFnCase<?> dofnCase = cases.get(c);
      for (int i = 0; i < SCENARIOS; i++) {
        long seed = 1_000L * (c + 1) + i;
        tests.add(
            DynamicTest.dynamicTest(
                dofnCase.name() + " on DynamoDB, seed " + seed, () -> check(dofnCase, seed)));
      }
    }
    return tests.stream();
  }

  private static <O> void check(DoFnCase<O> dofnCase, long seed) {
    Scenario scenario = Scenario.generate(seed);
    List<String> weir =
        WeirScenarioRunner.run(
            scenario, dofnCase, () -> EmbeddedDynamoDb.get().newStore().asStores());
    try {
      DirectRunnerOracle.assertOutputs(scenario, dofnCase, weir);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          "seed " + seed + " (" + dofnCase.name() + ") on DynamoDB differs; weir: " + weir, e);
    }
  }
}
