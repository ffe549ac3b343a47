package dev.weir.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A small fixed-seed fault campaign: under every fault class, no input is lost, no event is output
 * under two ids, no output id carries two events, and nothing is dead-lettered (the pipelines'
 * DoFns never throw, so no fault of the store, the streams or the scheduler may give a record up);
 * the event-time-only round outputs exactly what its input determines.
 */
class FaultCampaignIT {
  @Test
  void everyInputIsAccountedForUnderInjectedFaults() throws Exception {
    CampaignSummary summary =
        FaultCampaign.run(
            new FaultCampaign.Options(
                2, 7, 300, Path.of("..").toAbsolutePath().normalize(), 240_000, 0.5),
            System.err);

    assertThat(summary.faultsInjected()).isPositive();
    assertThat(summary.faultsByClass())
        .containsKeys(
            Chaos.FORGED_TIMER_INVOCATION,
            Chaos.CONCURRENT_SWEEP,
            Resharding.SPLIT,
            Resharding.MERGE);
    assertThat(summary.inputs()).isEqualTo(600);
    assertThat(summary.lost()).as("inputs neither output, late nor dead-lettered").isZero();
    assertThat(summary.conflictingIds()).isZero();
    assertThat(summary.eventsUnderSeveralIds()).isZero();
    assertThat(summary.onlyMisroutedRecordsDeadLettered())
        .as(
            "dead-lettered %s, misrouted %s",
            summary.deadLetteredByReason(), summary.faultsByClass())
        .isTrue();
    assertThat(summary.exactRounds()).as("the second round runs the window-sum pipeline").isOne();
    assertThat(summary.exactRoundsMatched())
        .as("its outputs equal what its input determines")
        .isOne();
    assertThat(summary.doubleApplied()).isZero();
    assertThat(summary.stateLeft()).as("state left once every window expired").isZero();
    assertThat(summary.falselyLate()).as("records generated on time dropped as late").isZero();
    assertThat(summary.lanes())
        .as("lanes per shard, independent")
        .isEqualTo(new CampaignSummary.Lanes(1, 10));
    assertThat(summary.leasesLeft()).as("leases of batches in flight left at the end").isZero();
    assertThat(summary.eventsWithTwoFates())
        .as("events output and also late or dead-lettered")
        .isZero();
    assertThat(summary.windowsUnderSeveralIds())
        .as("key-windows output under several ids")
        .isZero();
    assertThat(summary.badInputs())
        .as("every class of the bad-input catalogue sent")
        .containsKeys(
            "undecodable-bytes",
            "empty-record",
            "one-mebibyte-record",
            "key-beyond-dynamodb-key-limits",
            "event-time-far-future",
            "event-time-in-microseconds",
            "event-time-far-past",
            "event-time-negative",
            "null-key",
            "key-coder-throws",
            "enrichment-fails-for-key");
    assertThat(summary.badInputs())
        .allSatisfy(
            (inputClass, outcome) -> assertThat(outcome.unaccounted()).as(inputClass).isZero());
    assertThat(summary.badInputs().get("event-time-in-microseconds").deadLetteredByReason())
        .containsOnlyKeys("event-time-in-future");
    assertThat(summary.badInputs().get("event-time-negative").late()).isPositive();
    assertThat(summary.badInputs().get("one-mebibyte-record").deadLetteredByReason())
        .containsOnlyKeys("failing-record");
  }
}
