package dev.weir.state;

import dev.weir.store.KeyLimitException;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.timer.TimerRecord;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * How much of its key's state one work may still load from the store. A key's state has no bound of
 * its own (a bag may grow to any size), but a work that loads more than the function's memory and
 * time allow would fail, and with it the whole batch, on every retry; past this budget it fails its
 * key instead ({@link KeyLimitException.Limit#STATE_TOO_LARGE}). The store is told what is left, so
 * that one reading in pages stops there rather than after reading it all.
 */
final class LoadBudget {
  /** A timer's fields besides its strings, roughly as stored. */
  private static final int TIMER_BYTES = 32;

  private final String keyId;
  private final long maxBytes;
  private long loaded;

  LoadBudget(String keyId, long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("a key's state budget must be at least one byte");
    }
    this.keyId = keyId;
    this.maxBytes = maxBytes;
  }

  /**
   * Loads with {@code read}, which is given the bytes still allowed, and charges what it loaded.
   *
   * @throws KeyLimitException once the work has loaded more than the budget
   */
  <T> T load(LongFunction<T> read, ToLongFunction<T> size) {
    T state;
    try {
      state = read.apply(maxBytes - loaded);
    } catch (KeyLimitException storeStopped) {
      throw exceeded(storeStopped);
    }
    loaded += size.applyAsLong(state);
    if (loaded > maxBytes) {
      throw exceeded(null);
    }
    return state;
  }

  private KeyLimitException exceeded(Throwable cause) {
    KeyLimitException exceeded =
        new KeyLimitException(
            KeyLimitException.Limit.STATE_TOO_LARGE,
            String.format(
                "key %s needs more than the %,d bytes of state one key's work may load"
                    + " (WeirPipeline.Builder.maxStateBytesPerKey)",
                keyId.length() <= 64 ? keyId : keyId.substring(0, 64) + "…", maxBytes));
    if (cause != null) {
      exceeded.initCause(cause);
    }
    return exceeded;
  }

  /** A namespace's entries (sub-keys and values) and timers, as loaded. */
  static long sizeOf(NamespaceSnapshot snapshot) {
    long bytes = 0;
    for (Map<String, byte[]> entries : snapshot.cells().values()) {
      bytes += sizeOf(entries);
    }
    for (TimerRecord timer : snapshot.timers()) {
      bytes +=
          TIMER_BYTES
              + timer.key().namespace().length()
              + timer.key().familyId().length()
              + timer.key().timerId().length();
    }
    return bytes;
  }

  /** A cell's entries: sub-keys and values. */
  static long sizeOf(Map<String, byte[]> entries) {
    long bytes = 0;
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      bytes += entry.getKey().length() + entry.getValue().length;
    }
    return bytes;
  }
}
