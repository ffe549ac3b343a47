package dev.weir.local.demo;

import java.util.Map;

/**
 * The demo's result, printed as one JSON line. {@code profile} is {@code awsLatency} when every AWS
 * call was paced as AWS would answer it ({@code --aws-latency}), {@code default} at the emulators'
 * own pace. {@code distinctOutputEvents} counts the input events seen on the output stream; {@code
 * eventsUnderSeveralIds} those seen under more than one output id (a consumer dropping duplicates
 * by id would see them twice); {@code conflictingIds} counts output ids that carried two different
 * input events (a consumer dropping duplicates by id would lose one, so it must be zero). {@code
 * falselyLate} counts events dropped as late that were generated on time (within the
 * out-of-orderness bound, not sent behind on purpose); it must be zero. {@code stateLeft} counts
 * the cells, timers and items the keys still held once every window had expired (see {@code
 * StateAfterExpiry}); it must be zero. {@code leasesLeft} counts the leases of batches in flight
 * the input's shards still held at the end: each would hold its shard's watermark, so it must be
 * zero. {@code outputAndLate} and {@code outputAndDeadLettered} count events that had two fates
 * (output, and also dropped as late or dead-lettered): each is a defect, so both must be zero.
 */
public record DemoSummary(
    String profile,
    int inputs,
    long outputs,
    long distinctOutputIds,
    long distinctOutputEvents,
    long eventsUnderSeveralIds,
    long conflictingIds,
    long lateDropped,
    long deadLettered,
    Map<String, Long> deadLetteredByReason,
    long unaccounted,
    long falselyLate,
    long outputAndLate,
    long outputAndDeadLettered,
    long stateLeft,
    long leasesLeft,
    Flushes flushes,
    TimersFired timersFired,
    Store store,
    long wallMillis) {

  public record Flushes(long size, long stale, long expiry) {}

  public record TimersFired(long eventTime, long processingTime) {}

  public record Store(long requests, double readUnits, double writeUnits) {}
}
