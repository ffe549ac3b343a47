package dev.weir.store;

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
 */
public record TimerRecord(
    String keyId, TimerKey key, TimerDomain domain, long fireAtMillis, long outputAtMillis) {

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
  }

  /** True when this timer is due on a clock reading {@code clockMillis}. */
  public boolean isDueAt(long clockMillis) {
    return clockMillis > fireAtMillis;
  }
}
