package dev.weir.inspect;

import dev.weir.timer.TimerDomain;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * A timer a key has set and that has not fired.
 *
 * @param timerId the {@code @TimerId} (or, in a timer family, the id the DoFn set it under)
 * @param family the {@code @TimerFamily}, or empty for a plain timer
 * @param fireAt the timer fires once its clock has passed this instant
 * @param outputTimestamp the timestamp of what the firing outputs
 * @param windowExpiry true for the timer Beam sets to collect the window's state (and to run
 *     {@code @OnWindowExpiration}), not one the DoFn set
 */
public record PendingTimer(
    String timerId,
    String family,
    TimerDomain domain,
    BoundedWindow window,
    Instant fireAt,
    Instant outputTimestamp,
    boolean windowExpiry) {}
