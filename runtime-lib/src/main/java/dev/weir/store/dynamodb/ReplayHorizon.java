package dev.weir.store.dynamodb;

import dev.weir.store.KeyHeader;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * How long after Kinesis accepted a record it may be delivered again: the input stream's retention
 * (records older than that are gone), plus an hour for the difference between Kinesis' clock and
 * ours. A key's header must remember a shard's applied sequence number only that long, and the
 * header of a key holding nothing may be deleted (by DynamoDB's TTL) once it has passed for every
 * shard the key saw.
 *
 * @param clock only for headers whose records' arrival is unknown
 * @param retention the input stream's retention period (24 hours unless the stream was changed)
 */
public record ReplayHorizon(Duration retention, Clock clock) {
  /** Kinesis' default retention, which the template's stream keeps unless told otherwise. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

  static final Duration CLOCK_MARGIN = Duration.ofHours(1);

  public ReplayHorizon {
    if (retention.compareTo(DEFAULT_RETENTION) < 0) {
      throw new IllegalArgumentException(
          "a Kinesis stream keeps records at least 24 hours, not " + retention);
    }
  }

  public static ReplayHorizon of(Clock clock) {
    return new ReplayHorizon(DEFAULT_RETENTION, clock);
  }

  private long spanMillis() {
    return retention.plus(CLOCK_MARGIN).toMillis();
  }

  /**
   * Records that arrived before this instant (epoch millis) can no longer be delivered: Kinesis
   * accepted the latest record {@code header} applied at its latest arrival, so by its own clock
   * whatever came {@code retention} (and our margin) before that is gone. Arrival is compared with
   * arrival, so neither our clock nor a test's made-up times can make a replay look too old.
   */
  long cutoffMillis(KeyHeader header) {
    OptionalLong latest = header.latestArrival();
    return latest.isPresent() ? latest.getAsLong() - spanMillis() : Long.MIN_VALUE;
  }

  /**
   * When (epoch seconds, as DynamoDB's TTL reads it) no record {@code header} marks applied can be
   * delivered again: the input's retention and our margin after the latest arrival, or after now if
   * no arrival is known.
   */
  long expiresAtSeconds(KeyHeader header) {
    long latest = header.latestArrival().orElse(clock.millis());
    return Math.floorDiv(latest + spanMillis(), 1_000L) + 1;
  }
}
