package dev.weir.pipeline;

import org.joda.time.Instant;

/**
 * Turns one Kinesis record into the element a DoFn gets: its key, its value and its event time, as
 * Beam's {@code KV<K, V>} with a timestamp. Throwing marks the record undecodable (dead-lettered
 * with the reason); it never stops the shard. {@link Records} has the common cases.
 */
@FunctionalInterface
public interface RecordParser<K, V> {
  Parsed<K, V> parse(KinesisRecord record) throws Exception;

  /** A record's key, value and event time. */
  record Parsed<K, V>(K key, V value, Instant eventTime) {}
}
