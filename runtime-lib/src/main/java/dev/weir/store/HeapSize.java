package dev.weir.store;

import dev.weir.timer.TimerRecord;
import java.util.Collection;
import java.util.Map;

/**
 * Rough heap footprint of state held in memory. Caches bound themselves by these bytes rather than
 * by a count of keys: one key may hold a few bytes or megabytes, so a count bounds nothing. The
 * estimate errs high (object headers and map nodes of a 64-bit JVM with compressed pointers).
 */
public final class HeapSize {
  /** A map node, its key string and the value's array header. */
  private static final int ENTRY_OVERHEAD = 96;

  /** A timer record with its key and strings. */
  private static final int TIMER = 320;

  private HeapSize() {}

  /** One cell's entries by sub-key. */
  public static long ofEntries(Map<String, byte[]> entries) {
    long bytes = ENTRY_OVERHEAD;
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      bytes += ENTRY_OVERHEAD + 2L * entry.getKey().length() + entry.getValue().length;
    }
    return bytes;
  }

  /** Cells by state id. */
  public static long ofCells(Map<String, ? extends Map<String, byte[]>> cells) {
    long bytes = ENTRY_OVERHEAD;
    for (Map.Entry<String, ? extends Map<String, byte[]>> cell : cells.entrySet()) {
      bytes += ENTRY_OVERHEAD + 2L * cell.getKey().length() + ofEntries(cell.getValue());
    }
    return bytes;
  }

  public static long ofTimers(Collection<TimerRecord> timers) {
    return (long) TIMER * timers.size();
  }

  public static long of(NamespaceSnapshot snapshot) {
    return ofCells(snapshot.cells()) + ofTimers(snapshot.timers());
  }

  public static long of(KeyHeader header) {
    return ENTRY_OVERHEAD * (2L + header.appliedSequenceNumbers().size());
  }

  /** {@code bytes} as a cache weigher's int, saturating. */
  public static int asWeight(long bytes) {
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
