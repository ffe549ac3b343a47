package dev.weir.engine;

/**
 * A record the engine could not turn into a keyed, timestamped value (or a tick it cannot honour).
 *
 * @param kind why, as a dead-letter reason a consumer of the dead-letter queue can filter on
 * @param reason what exactly, for a person
 */
public record RejectedRecord(InputRecord record, Kind kind, String reason) {
  /** Why a record was rejected; {@link #label} is the dead-letter reason. */
  public enum Kind {
    /** The decoder, key extractor or timestamp extractor failed, or the event time is invalid. */
    UNDECODABLE("undecodable"),
    /**
     * Written with another partition key than its key's: it may be in another shard than the key's
     * other records and timers, where it would race them.
     */
    PARTITION_KEY_MISMATCH("partition-key-mismatch"),
    /**
     * An event time further ahead of the record's arrival in Kinesis than the pipeline allows
     * ({@code WeirPipeline.futureEventTimes}): taken in, it would carry the watermark past every
     * window for good.
     */
    EVENT_TIME_IN_FUTURE("event-time-in-future"),
    /**
     * A key whose id is longer than {@link dev.weir.state.KeyIds#MAX_KEY_ID_LENGTH}: no item of the
     * state table could carry it, so no work on it could ever commit.
     */
    KEY_TOO_LARGE("key-too-large"),
    /**
     * A timer tick that is malformed, beyond what one tick may name ({@code
     * KeyTick.MAX_NAMESPACES}, {@code MAX_ENCODED_BYTES}), meant for another pipeline, or written
     * with another partition key than its key's (it could fire the key's timers beside the lane
     * processing its records).
     */
    BAD_TICK("bad-timer-tick");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** A record that could not be decoded, keyed or timestamped. */
  public RejectedRecord(InputRecord record, String reason) {
    this(record, Kind.UNDECODABLE, reason);
  }
}
