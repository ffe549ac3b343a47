package dev.weir.local.demo;

/** The demo's result, printed as one JSON line. */
public record DemoSummary(
    int inputs,
    long outputs,
    long distinctOutputIds,
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
