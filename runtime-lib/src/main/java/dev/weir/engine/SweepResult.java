package dev.weir.engine;

import org.joda.time.Instant;

/**
 * What one watermark sweep did.
 *
 * @param watermark the global watermark after the sweep
 * @param eventTime the event-time firing
 * @param processingTime the processing-time firing
 */
public record SweepResult(Instant watermark, FiringResult eventTime, FiringResult processingTime) {}
