package dev.weir.engine;

import org.joda.time.Instant;

/** A record turned into the pipeline's key, value and event time. */
public record DecodedRecord<K, V>(InputRecord record, K key, V value, Instant timestamp) {}
