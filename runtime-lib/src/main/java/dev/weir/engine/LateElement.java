package dev.weir.engine;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/** An element dropped because its window had expired, as Beam drops it. */
public record LateElement<V>(
    InputRecord record, V value, Instant timestamp, BoundedWindow window) {}
