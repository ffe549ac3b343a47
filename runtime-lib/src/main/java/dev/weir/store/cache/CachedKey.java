package dev.weir.store.cache;

import dev.weir.store.CellMutation;
import dev.weir.store.HeapSize;
import dev.weir.store.KeyHeader;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One key's committed state as far as it was read: the header, loaded namespaces and loaded chunked
 * cells. Snapshots handed out are never changed afterwards: a commit replaces them.
 */
final class CachedKey {
  private KeyHeader header;
  private boolean verified = true;

  /** The shard and run of uninterrupted bundles this copy was last known current in; or none. */
  private String trustedShard;

  private long trustedRun;
  private final Map<String, NamespaceSnapshot> namespaces = new HashMap<>();
  private final Map<String, NavigableMap<String, byte[]>> chunkedCells = new HashMap<>();

  /** What the loaded namespaces and chunked cells weigh, kept as they change (not re-summed). */
  private final Map<String, Long> weights = new HashMap<>();

  private long stateBytes;

  CachedKey(KeyHeader header) {
    this.header = header;
  }

  synchronized KeyHeader header() {
    return header;
  }

  synchronized void header(KeyHeader header) {
    this.header = header;
  }

  /**
   * True while this copy is known to match durable storage for the work at hand: just read, or
   * checked by a batched read before the work started. Work that relies on it to emit outputs uses
   * it up; a commit ends it (another container may commit next).
   */
  synchronized boolean verified() {
    return verified;
  }

  synchronized void verified(boolean verified) {
    this.verified = verified;
  }

  /**
   * Marks this copy current as of run {@code run} of uninterrupted bundles on {@code shardId}:
   * while the run lasts, no other container writes the key, so the copy stays current.
   */
  synchronized void trust(String shardId, long run) {
    this.trustedShard = shardId;
    this.trustedRun = run;
  }

  /** True if this copy was known current in run {@code run} of {@code shardId}'s bundles. */
  synchronized boolean trustedIn(String shardId, long run) {
    return shardId.equals(trustedShard) && trustedRun == run;
  }

  /** What this copy holds on the heap, roughly: the cache's weight of the key. */
  synchronized long heapBytes() {
    return HeapSize.of(header) + stateBytes;
  }

  private void setNamespace(String namespace, NamespaceSnapshot snapshot) {
    namespaces.put(namespace, snapshot);
    weigh("n\n" + namespace, HeapSize.of(snapshot));
  }

  private void setChunkedCell(String cellKey, NavigableMap<String, byte[]> entries) {
    chunkedCells.put(cellKey, entries);
    weigh("c\n" + cellKey, HeapSize.ofEntries(entries));
  }

  private void weigh(String part, long bytes) {
    Long before = weights.put(part, bytes);
    stateBytes += bytes - (before == null ? 0 : before);
  }

  synchronized NamespaceSnapshot namespace(String namespace) {
    return namespaces.get(namespace);
  }

  synchronized void putNamespace(String namespace, NamespaceSnapshot snapshot) {
    setNamespace(namespace, snapshot);
  }

  synchronized NavigableMap<String, byte[]> chunkedCell(String namespace, String stateId) {
    return chunkedCells.get(cellKey(namespace, stateId));
  }

  synchronized void putChunkedCell(
      String namespace, String stateId, NavigableMap<String, byte[]> entries) {
    setChunkedCell(cellKey(namespace, stateId), entries);
  }

  /** Applies a committed change to a loaded cell; cells never loaded stay unknown. */
  synchronized void apply(CellMutation mutation) {
    if (mutation.chunked()) {
      String key = cellKey(mutation.namespace(), mutation.stateId());
      NavigableMap<String, byte[]> entries = chunkedCells.get(key);
      if (entries != null || mutation.cleared()) {
        setChunkedCell(key, applied(entries, mutation));
      }
      return;
    }
    NamespaceSnapshot snapshot = namespaces.get(mutation.namespace());
    if (snapshot == null) {
      return;
    }
    Map<String, NavigableMap<String, byte[]>> cells = new HashMap<>(snapshot.cells());
    NavigableMap<String, byte[]> entries = applied(cells.get(mutation.stateId()), mutation);
    if (entries.isEmpty()) {
      cells.remove(mutation.stateId());
    } else {
      cells.put(mutation.stateId(), entries);
    }
    setNamespace(mutation.namespace(), new NamespaceSnapshot(cells, snapshot.timers()));
  }

  synchronized void putTimer(TimerRecord timer) {
    replaceTimer(timer, timer);
  }

  synchronized void removeTimer(TimerRecord timer) {
    replaceTimer(timer, null);
  }

  private void replaceTimer(TimerRecord like, TimerRecord replacement) {
    NamespaceSnapshot snapshot = namespaces.get(like.key().namespace());
    if (snapshot == null) {
      return;
    }
    List<TimerRecord> timers = new ArrayList<>(snapshot.timers());
    timers.removeIf(t -> t.key().equals(like.key()));
    if (replacement != null) {
      timers.add(replacement);
    }
    setNamespace(
        like.key().namespace(), new NamespaceSnapshot(snapshot.cells(), List.copyOf(timers)));
  }

  private static NavigableMap<String, byte[]> applied(
      NavigableMap<String, byte[]> before, CellMutation mutation) {
    TreeMap<String, byte[]> after =
        before == null || mutation.cleared() ? new TreeMap<>() : new TreeMap<>(before);
    mutation.deletes().forEach(after::remove);
    after.putAll(mutation.puts());
    return Collections.unmodifiableNavigableMap(after);
  }

  private static String cellKey(String namespace, String stateId) {
    return namespace + '\n' + stateId;
  }
}
