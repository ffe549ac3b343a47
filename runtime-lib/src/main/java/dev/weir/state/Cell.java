package dev.weir.state;

import java.util.Arrays;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One state cell's committed entries (once loaded) and the changes buffered over them in this
 * bundle. Changes that restore the committed value are dropped, so they cost no write.
 */
final class Cell {
  /** Bag chunks are split to stay well below DynamoDB's 400 KB item limit. */
  static final int MAX_CHUNK_BYTES = 256 * 1024;

  /** Up to this many known entries, clearing deletes them instead of clearing the whole cell. */
  static final int MAX_ENTRIES_DELETED_ON_CLEAR = 16;

  private final boolean chunked;
  private NavigableMap<String, byte[]> base; // null until the namespace is loaded
  private boolean cleared;
  private final TreeMap<String, byte[]> puts = new TreeMap<>();
  private final TreeSet<String> deletes = new TreeSet<>();
  private BagChunk appended;

  Cell(boolean chunked) {
    this.chunked = chunked;
  }

  boolean isChunked() {
    return chunked;
  }

  boolean isLoaded() {
    return base != null;
  }

  void load(NavigableMap<String, byte[]> committed) {
    base = committed;
    if (!cleared) {
      // Blind writes made before the load that turn out to repeat the committed value cost nothing.
      puts.entrySet().removeIf(put -> Arrays.equals(committed.get(put.getKey()), put.getValue()));
      deletes.removeIf(subKey -> !committed.containsKey(subKey));
    }
  }

  byte[] get(String subKey) {
    byte[] put = puts.get(subKey);
    if (put != null) {
      return put;
    }
    if (cleared || deletes.contains(subKey) || base == null) {
      return null;
    }
    return base.get(subKey);
  }

  /** Entries as a reader sees them now: committed, then this bundle's changes. */
  NavigableMap<String, byte[]> view(String chunkId) {
    TreeMap<String, byte[]> view = new TreeMap<>();
    if (!cleared && base != null) {
      view.putAll(base);
      deletes.forEach(view::remove);
    }
    view.putAll(puts);
    if (appended != null) {
      view.putAll(appended.toEntries(chunkId, MAX_CHUNK_BYTES));
    }
    return Collections.unmodifiableNavigableMap(view);
  }

  boolean isEmptyNow() {
    if (!puts.isEmpty() || appended != null) {
      return false;
    }
    if (cleared || base == null) {
      return true;
    }
    for (String subKey : base.keySet()) {
      if (!deletes.contains(subKey)) {
        return false;
      }
    }
    return true;
  }

  void put(String subKey, byte[] value) {
    deletes.remove(subKey);
    if (!cleared && base != null && Arrays.equals(base.get(subKey), value)) {
      puts.remove(subKey);
    } else {
      puts.put(subKey, value);
    }
  }

  void remove(String subKey) {
    puts.remove(subKey);
    if (!cleared && (base == null || base.containsKey(subKey))) {
      deletes.add(subKey);
    }
  }

  /**
   * Clears the cell. A loaded cell with few entries deletes them one by one, which leaves nothing
   * behind; otherwise the store is told to drop the whole cell, which a store may do with one
   * marker write and collect the dead entries later.
   */
  void clear() {
    puts.clear();
    appended = null;
    if (cleared) {
      return;
    }
    if (base != null && base.size() <= MAX_ENTRIES_DELETED_ON_CLEAR) {
      deletes.addAll(base.keySet());
    } else {
      deletes.clear();
      cleared = true;
    }
  }

  void append(byte[] encodedElement) {
    if (appended == null) {
      appended = new BagChunk();
    }
    appended.add(encodedElement);
  }

  boolean isDirty() {
    return cleared || !puts.isEmpty() || !deletes.isEmpty() || appended != null;
  }

  boolean isCleared() {
    return cleared;
  }

  NavigableMap<String, byte[]> putsWithChunk(String chunkId) {
    TreeMap<String, byte[]> all = new TreeMap<>(puts);
    if (appended != null) {
      all.putAll(appended.toEntries(chunkId, MAX_CHUNK_BYTES));
    }
    return all;
  }

  TreeSet<String> deletes() {
    return deletes;
  }
}
