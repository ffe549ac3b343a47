package dev.weir.local.faults;

import dev.weir.engine.RejectedRecord;
import java.util.Map;

/**
 * What a fault campaign found, printed as one JSON line. Every input event must be output under
 * exactly one id, dropped as late by design, or dead-lettered with a reason: {@code lost} counts
 * those that were none of these, {@code eventsUnderSeveralIds} those output under more than one id,
 * {@code conflictingIds} ids that carried two different events. {@code exactRounds} are rounds of
 * an event-time-only pipeline ({@link WindowSumPipeline}) whose outputs must equal what its input
 * determines: there {@code lost} also counts key-windows output with too few events (or never), and
 * {@code doubleApplied} those output with too many. {@code stateLeft} counts, over every round, the
 * cells, timers and items keys still held once every window had expired: it must be zero. {@code
 * badInputs} says, per class of the bad-input catalogue ({@link BadInputs}), what became of the
 * records sent: each must be dead-lettered, dropped as late or output. {@code falselyLate} counts
 * records generated on time that were dropped as late: it must be zero. {@code lanes} gives the
 * fewest and most lanes per shard (Lambda's ParallelizationFactor) the rounds ran with; {@code
 * leasesLeft} the leases of batches in flight the shards still held once each round had ended: a
 * lease left behind would hold its shard's watermark, so it must be zero. {@code
 * eventsWithTwoFates} counts events output and also dropped as late or dead-lettered, and {@code
 * windowsUnderSeveralIds} key-windows of the exact rounds output under more than one id: both must
 * be zero.
 */
public record CampaignSummary(
    int rounds,
    long faultsInjected,
    Map<String, Long> faultsByClass,
    long inputs,
    long lost,
    long eventsUnderSeveralIds,
    long conflictingIds,
    long outputRecords,
    long distinctOutputIds,
    Map<String, Long> deadLetteredByReason,
    long doubleApplied,
    int exactRounds,
    int exactRoundsMatched,
    long stateLeft,
    Map<String, BadInputs.Outcome> badInputs,
    long falselyLate,
    Lanes lanes,
    long leasesLeft,
    long eventsWithTwoFates,
    long windowsUnderSeveralIds,
    long wallMillis) {

  /** The fewest and most lanes per shard among the rounds. */
  public record Lanes(int min, int max) {}

  /**
   * True if what was dead-lettered is exactly the records the campaign wrote with another partition
   * key than their key's, each with that reason: nothing good was given up.
   */
  public boolean onlyMisroutedRecordsDeadLettered() {
    long misrouted = faultsByClass.getOrDefault(FaultCampaign.MISROUTED, 0L);
    return misrouted == 0
        ? deadLetteredByReason.isEmpty()
        : deadLetteredByReason.equals(
            Map.of(RejectedRecord.Kind.PARTITION_KEY_MISMATCH.label(), misrouted));
  }

  /**
   * True if every bad input was dead-lettered, dropped as late, output, or held by a dead timer.
   */
  public boolean everyBadInputAccounted() {
    return !badInputs.isEmpty()
        && badInputs.values().stream().allMatch(outcome -> outcome.unaccounted() == 0);
  }
}
