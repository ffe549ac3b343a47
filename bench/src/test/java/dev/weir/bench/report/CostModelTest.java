package dev.weir.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weir.bench.stack.StackResult;
import org.junit.jupiter.api.Test;

/** Dollars per million events follow from the measured counts and the stated list prices. */
class CostModelTest {
  @Test
  void unitsAndEveryFunctionsTimeAndInvocationsArePricedAtListPrices() {
    // 1,000 events: 1 write unit and 2 read units each, 2 s of processor time in 10 invocations,
    // 1 s of other functions' time in 30 invocations.
    StackResult result = new StackResult(1_000, 500, 1, 2, 1, 3, 10, 2.0, 1.0, 30, 5);

    double expected = 1e6 * (1 * 0.625e-6 + 2 * 0.125e-6 + 0.003 * 0.0000166667 + 0.04 * 0.20e-6);
    assertThat(CostModel.perMillionEvents(result)).isCloseTo(expected, within(1e-9));
  }
}
