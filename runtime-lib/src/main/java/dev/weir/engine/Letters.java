package dev.weir.engine;

import dev.weir.sink.DeadLetter;
import dev.weir.sink.RecordData;

/** Dead letters for what the engine gives up: a record, with all its bytes, or a timer. */
public final class Letters {
  private Letters() {}

  /** A letter carrying all of {@code record}'s bytes. */
  public static DeadLetter record(
      String reason,
      String stream,
      String shardId,
      InputRecord record,
      String keyId,
      String error) {
    return new DeadLetter(
        reason,
        stream,
        shardId,
        record.sequenceNumber(),
        record.partitionKey(),
        keyId,
        error,
        RecordData.whole(record.data()),
        record.arrivalTime().getMillis(),
        null);
  }

  /** A letter for a timer whose callback failed its attempts and was claimed without firing. */
  public static DeadLetter timer(String stream, String shardId, DeadTimer dead) {
    return new DeadLetter(
        "failing-timer",
        stream,
        shardId,
        null,
        null,
        dead.keyId(),
        DeadLetter.describe(dead.error()),
        null,
        0,
        new DeadLetter.TimerLetter(
            dead.window(),
            dead.timer().key().familyId(),
            dead.timer().key().timerId(),
            dead.timer().domain().name(),
            dead.timer().fireAtMillis()));
  }
}
