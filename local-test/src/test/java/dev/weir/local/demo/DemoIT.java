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
 * their work. Without failing invocations nothing is output twice.
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
            parallelization,
            null),
        PROGRESS);
  }

  private static void assertEveryInputAccountedOnce(DemoSummary summary) {
    assertThat(summary.unaccounted()).isZero();
    assertThat(summary.stateLeft()).as("state left once every window expired").isZero();
    assertThat(summary.falselyLate()).as("events generated on time dropped as late").isZero();
    assertThat(summary.leasesLeft()).as("leases of batches in flight left at the end").isZero();
    assertThat(summary.outputAndLate() + summary.outputAndDeadLettered())
        .as("events output and also late or dead-lettered")
        .isZero();
    assertThat(summary.distinctOutputEvents() + summary.lateDropped() + summary.deadLettered())
        .as("each input output, or late, or dead-lettered, and only one of these")
        .isEqualTo(summary.inputs());
    assertThat(summary.conflictingIds())
        .as("output ids that carried two different events: a consumer would drop one")
        .isZero();
    assertThat(summary.eventsUnderSeveralIds())
        .as("events output under more than one id: a consumer dropping duplicates keeps both")
        .isZero();
  }

  /** Without failing invocations, nothing is output twice, not even under the same id. */
  private static void assertNoDuplicates(DemoSummary summary) {
    assertThat(summary.outputs())
        .as("output records, each id once: timers fire in their key's processor, never racing it")
        .isEqualTo(summary.distinctOutputIds());
  }

  @Test
  void everyInputIsAccountedForAndAllThreeFlushPathsHappen() throws Exception {
    DemoSummary summary = run(false, 0, 0);

    assertEveryInputAccountedOnce(summary);
    assertNoDuplicates(summary);
    assertThat(summary.flushes().size()).isPositive();
    assertThat(summary.flushes().stale()).isPositive();
    assertThat(summary.flushes().expiry()).isPositive();
    assertThat(summary.timersFired().eventTime()).isPositive();
    assertThat(summary.timersFired().processingTime()).isPositive();
    assertThat(summary.store().requests()).isPositive();
  }

  @Test
  void duplicateAndDelayedSchedulerDeliveriesChangeNothing() throws Exception {
    DemoSummary summary = run(true, 0, 0);

    assertEveryInputAccountedOnce(summary);
    assertNoDuplicates(summary);
  }

  @Test
  void processorInvocationsFailingBeforeOrAfterTheirWorkLoseAndDuplicateNothing() throws Exception {
    assertEveryInputAccountedOnce(run(false, 0.3, 1));
  }

  /**
   * Two lanes per shard, as ParallelizationFactor 2 gives in Lambda, each retrying its failed
   * invocations after a backoff while the other goes on. Nothing is lost or doubled, and nothing
   * generated on time is late: an invocation that fails before it starts its work takes no lease,
   * but the sweep verifies the shard's records in order and its watermark waits for them.
   */
  @Test
  void withTwoLanesFailingInvocationsLoseAndDuplicateNothing() throws Exception {
    DemoSummary summary = run(false, 0.3, 2);

    assertThat(summary.unaccounted()).isZero();
    assertThat(summary.stateLeft()).isZero();
    assertThat(summary.leasesLeft()).isZero();
    assertThat(summary.distinctOutputEvents() + summary.lateDropped() + summary.deadLettered())
        .as("each input output, or late, or dead-lettered, and only one of these")
        .isEqualTo(summary.inputs());
    assertThat(summary.outputAndLate() + summary.outputAndDeadLettered()).isZero();
    assertThat(summary.conflictingIds()).isZero();
    assertThat(summary.eventsUnderSeveralIds()).isZero();
    assertThat(summary.falselyLate())
        .as("events generated on time dropped as late while their lane waited for its retry")
        .isZero();
  }
}
