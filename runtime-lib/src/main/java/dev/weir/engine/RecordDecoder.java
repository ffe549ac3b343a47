package dev.weir.engine;

import dev.weir.pipeline.KinesisRecord;
import dev.weir.pipeline.RecordParser;
import dev.weir.pipeline.Records;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.state.KeyIds;
import dev.weir.timer.KeyTick;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * Turns records into keyed, timestamped values, and timer ticks into the keys they name, rejecting
 * (never dropping) what it cannot.
 */
final class RecordDecoder<K, V> {
  private final WeirPipeline<K, V, ?> pipeline;
  private final KeyIds<K> keyIds;

  RecordDecoder(WeirPipeline<K, V, ?> pipeline) {
    this.pipeline = pipeline;
    this.keyIds = new KeyIds<>(pipeline.keyCoder());
  }

  void decode(
      String shardId,
      List<InputRecord> records,
      List<DecodedRecord<K, V>> decoded,
      List<RejectedRecord> rejected,
      List<DecodedTick<K>> ticks) {
    for (InputRecord record : records) {
      if (KeyTick.isTick(record.data())) {
        decodeTick(record, rejected, ticks);
        continue;
      }
      RecordParser.Parsed<K, V> parsed;
      try {
        parsed =
            pipeline
                .parser()
                .parse(
                    new KinesisRecord(
                        record.data(),
                        record.partitionKey(),
                        shardId,
                        record.sequenceNumber(),
                        record.arrivalTime()));
      } catch (Records.UnkeyableValueException e) {
        rejected.add(unkeyable(record, e.getCause()));
        continue;
      } catch (Exception | Error e) {
        rejected.add(
            new RejectedRecord(record, "undecodable: " + describe(UserErrors.asUserFailure(e))));
        continue;
      }
      try {
        K key = parsed.key();
        V value = parsed.value();
        String partitionKey = key == null ? null : pipeline.partitionKeyOf(key);
        Instant timestamp = parsed.eventTime();
        long limit = pipeline.futureEventTimes().limitMillis(record.arrivalTime().getMillis());
        if (key == null) {
          rejected.add(new RejectedRecord(record, "the key extractor returned null"));
        } else if (timestamp == null
            || timestamp.isBefore(BoundedWindow.TIMESTAMP_MIN_VALUE)
            || !timestamp.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
          rejected.add(new RejectedRecord(record, "event time out of range: " + timestamp));
        } else if (timestamp.getMillis() > limit && !pipeline.futureEventTimes().clamp()) {
          rejected.add(
              new RejectedRecord(
                  record,
                  RejectedRecord.Kind.EVENT_TIME_IN_FUTURE,
                  "event time "
                      + timestamp
                      + " lies more than "
                      + pipeline.futureEventTimes().maxSkew()
                      + " ahead of the record's arrival in Kinesis at "
                      + record.arrivalTime()
                      + " (WeirPipeline.Builder.futureEventTimes)"));
        } else if (!partitionKey.equals(record.partitionKey())) {
          rejected.add(
              new RejectedRecord(
                  record,
                  RejectedRecord.Kind.PARTITION_KEY_MISMATCH,
                  "written with partition key '"
                      + record.partitionKey()
                      + "', but key "
                      + key
                      + " has partition key '"
                      + partitionKey
                      + "' (WeirPipeline.partitionKeyOf): each key's records must share one"
                      + " partition key"));
        } else {
          // Only a clamping pipeline gets here with a time beyond the limit.
          Instant bounded = timestamp.getMillis() > limit ? new Instant(limit) : timestamp;
          decoded.add(new DecodedRecord<>(record, key, value, bounded));
        }
      } catch (RuntimeException | Error e) {
        rejected.add(unkeyable(record, e));
      }
    }
  }

  /**
   * A record whose key or event time user code could not produce: the extractors, or the key coder
   * (which the bundle runs when it groups records by key id, so each key is encoded once).
   */
  static RejectedRecord unkeyable(InputRecord record, Throwable error) {
    return new RejectedRecord(
        record, "cannot key or timestamp: " + describe(UserErrors.asUserFailure(error)));
  }

  private void decodeTick(
      InputRecord record, List<RejectedRecord> rejected, List<DecodedTick<K>> ticks) {
    Optional<KeyTick> tick;
    K key;
    try {
      tick = KeyTick.decode(record.data(), record.partitionKey());
      key = keyIds.keyOf(tick.orElseThrow().keyId());
    } catch (KeyTick.OutOfBounds e) {
      rejected.add(badTick(record, "timer tick out of bounds: " + e.getMessage()));
      return;
    } catch (RuntimeException e) {
      rejected.add(badTick(record, "malformed timer tick: " + describe(e)));
      return;
    }
    if (!tick.get().pipeline().equals(pipeline.name())) {
      rejected.add(
          badTick(record, "a timer tick of pipeline " + tick.get().pipeline() + ", not this one"));
      return;
    }
    String partitionKey;
    try {
      partitionKey = pipeline.partitionKeyOf(key);
    } catch (RuntimeException | Error e) {
      rejected.add(
          badTick(
              record,
              "the tick's key has no partition key: " + describe(UserErrors.asUserFailure(e))));
      return;
    }
    if (!record.partitionKey().equals(partitionKey)) {
      // Checked like records: only ticks in the lane of the key's records may fire its timers, or
      // two lanes could fire them at once and one output id carry two outputs.
      rejected.add(
          badTick(
              record,
              "a timer tick written with partition key '"
                  + record.partitionKey()
                  + "', but its key "
                  + key
                  + " has partition key '"
                  + partitionKey
                  + "' (WeirPipeline.partitionKeyOf): a key's ticks must share its records'"
                  + " partition key"));
      return;
    }
    ticks.add(new DecodedTick<>(record, tick.get(), key));
  }

  private static RejectedRecord badTick(InputRecord record, String reason) {
    return new RejectedRecord(record, RejectedRecord.Kind.BAD_TICK, reason);
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
