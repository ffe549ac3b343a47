package dev.weir.timer;

import java.util.Comparator;
import java.util.Objects;

/**
 * A pending timer of one key.
 *
 * @param keyId the key, as the engine encodes it (see {@code dev.weir.state.KeyIds})
 * @param key where the timer lives within the key
 * @param domain which clock must pass {@code fireAtMillis}
 * @param fireAtMillis the timer fires once its clock is strictly after this instant
 * @param outputAtMillis timestamp of outputs emitted while firing; holds the output watermark
 * @param armedBy what set this timer while it was not pending (a record or a firing, hashed): it
 *     tells apart two firings of the same timer at the same time, so their outputs get different
 *     ids, while a replay of the same work arms it the same way
 */
public record TimerRecord(
    String keyId,
    TimerKey key,
    TimerDomain domain,
    long fireAtMillis,
    long outputAtMillis,
    String armedBy) {

  /** Firing order: by due time, then by identity so the order is total and repeatable. */
  public static final Comparator<TimerRecord> FIRING_ORDER =
      Comparator.comparingLong(TimerRecord::fireAtMillis)
          .thenComparing(TimerRecord::keyId)
          .thenComparing(t -> t.key().namespace())
          .thenComparing(t -> t.key().familyId())
          .thenComparing(t -> t.key().timerId());

  public TimerRecord {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(armedBy, "armedBy");
  }

  /** A timer not yet armed by anything. */
  public TimerRecord(
      String keyId, TimerKey key, TimerDomain domain, long fireAtMillis, long outputAtMillis) {
    this(keyId, key, domain, fireAtMillis, outputAtMillis, "");
  }

  public TimerRecord armedBy(String cause) {
    return new TimerRecord(keyId, key, domain, fireAtMillis, outputAtMillis, cause);
  }

  /** True when both fire at the same time on the same clock with the same output time. */
  public boolean sameScheduleAs(TimerRecord other) {
    return other != null
        && key.equals(other.key)
        && domain == other.domain
        && fireAtMillis == other.fireAtMillis
        && outputAtMillis == other.outputAtMillis;
  }

  /** True when this timer is due on a clock reading {@code clockMillis}. */
  public boolean isDueAt(long clockMillis) {
    return clockMillis > fireAtMillis;
  }
}
