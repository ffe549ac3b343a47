package dev.weir.bench.timers;

/**
 * How late timers fired in one wake-up configuration, in milliseconds after they were due (event
 * time: after the input that moved the watermark past them was committed).
 */
public record TimerLagResult(
    String configuration,
    long sweepIntervalMillis,
    long eventTimers,
    double eventTimeP50,
    double eventTimeP99,
    long processingTimers,
    double processingTimeP50,
    double processingTimeP99,
    long schedulerCalls,
    double schedulerCallsPerTimer) {}
