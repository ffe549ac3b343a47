package dev.weir.store;

import dev.weir.timer.TimerRecord;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * All committed state cells (except chunked ones) and pending timers of one key in one namespace
 * (window), as one read returns them.
 *
 * @param cells per state id, its entries by sub-key
 */
public record NamespaceSnapshot(
    Map<String, NavigableMap<String, byte[]>> cells, List<TimerRecord> timers) {
  public static final NamespaceSnapshot EMPTY = new NamespaceSnapshot(Map.of(), List.of());
}
