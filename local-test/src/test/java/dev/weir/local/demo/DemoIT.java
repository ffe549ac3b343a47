package dev.weir.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The demo end to end on the local stack (kinesalite, DynamoDB Local, KCL mapping, local scheduler,
 * the Lambda handler classes): every input is output exactly once by id, or counted as late or
 * dead-lettered, with no output id carrying two different events; and that stays true with
 * duplicate and late scheduler deliveries and with processor invocations that fail before or after
 * their work.
 */
class DemoIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final PrintStream PROGRESS = System.err;

  private static DemoSummary run(
      boolean unreliableScheduler, double failureRate, int parallelization) throws Exception {
    return Demo.run(
        new Demo.Options(
            800,
            4,
            7,
            0.03,
            null,
            ROOT,
            240_000,
            unreliableScheduler,
            failureRate,
            parallelization),
        PROGRESS);
  }

  private static void assertEveryInputAccountedOnce(DemoSummary summary) {
    assertThat(summary.unaccounted()).isZero();
    assertThat(summary.distinctOutputEvents() + summary.lateDropped() + summary.deadLettered())
        .as("each input output, or late, or dead-lettered, and only one of these")
        .isEqualTo(summary.inputs());
    assertThat(summary.conflictingIds())
        .as("output ids that carried two different events: a consumer would drop one")
        .isZero();
  }

  @Test
  void everyInputIsAccountedForAndAllThreeFlushPathsHappen() throws Exception {
    DemoSummary summary = run(false, 0, 0);

    assertEveryInputAccountedOnce(summary);
    assertThat(summary.flushes().size()).isPositive();
    assertThat(summary.flushes().stale()).isPositive();
    assertThat(summary.flushes().expiry()).isPositive();
    assertThat(summary.timersFired().eventTime()).isPositive();
    assertThat(summary.timersFired().processingTime()).isPositive();
    assertThat(summary.store().requests()).isPositive();
  }

  @Test
  void duplicateAndDelayedSchedulerDeliveriesChangeNothing() throws Exception {
    assertEveryInputAccountedOnce(run(true, 0, 0));
  }

  @Test
  void processorInvocationsFailingBeforeOrAfterTheirWorkLoseAndDuplicateNothing() throws Exception {
    // Two concurrent invocations per shard, as ParallelizationFactor 2 gives in Lambda.
    assertEveryInputAccountedOnce(run(false, 0.3, 2));
  }
}
