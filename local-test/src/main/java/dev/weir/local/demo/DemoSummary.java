package dev.weir.local.demo;

/**
 * The demo's result, printed as one JSON line. {@code distinctOutputEvents} counts the input events
 * seen on the output stream; {@code conflictingIds} counts output ids that carried two different
 * input events (a consumer dropping duplicates by id would lose one, so it must be zero).
 */
public record DemoSummary(
    int inputs,
    long outputs,
    long distinctOutputIds,
    long distinctOutputEvents,
    long conflictingIds,
    long lateDropped,
    long deadLettered,
    long unaccounted,
    Flushes flushes,
    TimersFired timersFired,
    Store store,
    long wallMillis) {

  public record Flushes(long size, long stale, long expiry) {}

  public record TimersFired(long eventTime, long processingTime) {}

  public record Store(long requests, double readUnits, double writeUnits) {}
}
