package dev.weir.engine;

import dev.weir.pipeline.WeirPipeline;
import java.util.List;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/** Turns records into keyed, timestamped values, rejecting (never dropping) what it cannot. */
final class RecordDecoder<K, V> {
  private final WeirPipeline<K, V, ?> pipeline;

  RecordDecoder(WeirPipeline<K, V, ?> pipeline) {
    this.pipeline = pipeline;
  }

  void decode(
      List<InputRecord> records, List<DecodedRecord<K, V>> decoded, List<RejectedRecord> rejected) {
    for (InputRecord record : records) {
      V value;
      try {
        value = pipeline.decoder().decode(record.data());
      } catch (Exception e) {
        rejected.add(new RejectedRecord(record, "undecodable: " + describe(e)));
        continue;
      }
      try {
        K key = pipeline.keyOf(value);
        Instant timestamp = pipeline.timestampOf(value);
        if (key == null) {
          rejected.add(new RejectedRecord(record, "the key extractor returned null"));
        } else if (timestamp == null
            || timestamp.isBefore(BoundedWindow.TIMESTAMP_MIN_VALUE)
            || !timestamp.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
          rejected.add(new RejectedRecord(record, "event time out of range: " + timestamp));
        } else {
          decoded.add(new DecodedRecord<>(record, key, value, timestamp));
        }
      } catch (RuntimeException e) {
        rejected.add(new RejectedRecord(record, "cannot key or timestamp: " + describe(e)));
      }
    }
  }

  private static String describe(Exception e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
