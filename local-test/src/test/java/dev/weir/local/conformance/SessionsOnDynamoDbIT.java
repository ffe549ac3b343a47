package dev.weir.local.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.functions.conformance.Scenario;
import dev.weir.functions.conformance.SessionOracle;
import dev.weir.functions.conformance.SessionScenarios;
import dev.weir.functions.conformance.WeirScenarioRunner;
import dev.weir.local.aws.EmbeddedDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The session differential suite with Weir's state and timers in DynamoDB Local: the first
 * scenarios (same seeds as the in-memory suite) must match the DirectRunner's panes exactly. {@code
 * -Dweir.sessions.dynamodbScenarios=N} sets how many.
 */
class SessionsOnDynamoDbIT {
  private static final int SCENARIOS = Integer.getInteger("weir.sessions.dynamodbScenarios", 20);

  @TestFactory
  Stream<DynamicTest> sessionsOnDynamoDbMatchTheDirectRunnersPanes() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < SCENARIOS; i++) {
      long seed = SessionScenarios.FIRST_SEED + i;
      tests.add(DynamicTest.dynamicTest("sessions on DynamoDB, seed " + seed, () -> check(seed)));
    }
    return tests.stream();
  }

  private static void check(long seed) {
    Scenario scenario = SessionScenarios.generate(seed);
    List<String> weir =
        WeirScenarioRunner.run(
            scenario, SessionOracle.CASE, () -> EmbeddedDynamoDb.get().newStore().asStores());
    assertThat(weir)
        .as("seed %d on DynamoDB: Weir's outputs against the DirectRunner's panes", seed)
        .containsExactlyInAnyOrderElementsOf(SessionOracle.expected(seed, scenario).outputs());
  }
}
