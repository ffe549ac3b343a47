package dev.weir.engine;

import java.util.Collection;
import java.util.List;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * A record turned into the pipeline's key, value and event time.
 *
 * @param windows the windows the value is already in (an element coming from an upstream transform,
 *     as Beam runners hand them over), or null for a record read from the stream, which the
 *     pipeline's window function assigns
 */
public record DecodedRecord<K, V>(
    InputRecord record,
    K key,
    V value,
    Instant timestamp,
    Collection<? extends BoundedWindow> windows) {

  /** A record from the stream: the pipeline's window function assigns its windows. */
  public DecodedRecord(InputRecord record, K key, V value, Instant timestamp) {
    this(record, key, value, timestamp, null);
  }

  public DecodedRecord {
    windows = windows == null ? null : List.copyOf(windows);
  }
}
