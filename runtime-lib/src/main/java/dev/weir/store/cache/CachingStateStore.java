package dev.weir.store.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.weir.store.CellMutation;
import dev.weir.store.HeapSize;
import dev.weir.store.KeyCatalog;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.store.RememberedKeys;
import dev.weir.store.StateStore;
import dev.weir.store.Stores;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Serves reads of recently used keys from memory and keeps them current with this container's own
 * commits. Nothing is checked on read: a copy made stale by another container's commit (a timer
 * firing elsewhere, a shard moving) is found out when the next commit, conditional on the version
 * read, fails; the key is then forgotten and the work redone on fresh state. Work about to emit
 * outputs first asks {@link #isCurrent}, which then reads the header (outputs cannot be taken
 * back). A copy is current only at the same version of the same generation: a key whose header
 * expired and that was committed again elsewhere counts its versions anew ({@link
 * KeyHeader#generation}). Callers that find state missing which an index says exists call {@link
 * #forget}.
 *
 * <p>Where the caller is the only writer of a shard's keys while it holds the shard, and proves
 * bundle by bundle that nobody else took the shard in between ({@link #prepare(String, Collection,
 * boolean)}), copies known current since the run of uninterrupted bundles began are used without
 * reading their headers again: a key the container created or already read is not read per bundle.
 *
 * <p>Keys are dropped (least recently and frequently used first) once the copies together exceed
 * {@code maxBytes} of heap ({@link HeapSize}): a key's state may be a few bytes or megabytes, so a
 * bound on the number of keys would bound nothing. Each key is weighed again whenever its copy
 * changes. Thread-safe.
 */
public final class CachingStateStore implements StateStore, RememberedKeys, KeyCatalog {
  private final StateStore delegate;

  /** Guards compound changes to a key's copy; the cache itself is concurrent. */
  private final Object lock = new Object();

  private final Cache<String, CachedKey> keys;

  /**
   * Per shard, the run of uninterrupted bundles now going on: a bundle that cannot prove nobody
   * else took its shard since this container's last one starts a new run, and copies trusted in an
   * earlier run are read again before use. Guarded by {@link #lock}.
   */
  private final Map<String, Long> runs = new HashMap<>();

  private long lastRun;

  public CachingStateStore(StateStore delegate, long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, not " + maxBytes);
    }
    this.delegate = delegate;
    this.keys =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher((String keyId, CachedKey cached) -> HeapSize.asWeight(cached.heapBytes()))
            .executor(Runnable::run) // evict on the writing thread: the bound holds at once
            .build();
  }

  /**
   * {@code stores} as a long-lived container uses them: state remembered up to {@code maxBytes} of
   * heap, the global watermark read at most once a second.
   */
  public static Stores around(Stores stores, long maxBytes) {
    return new Stores(
        new CachingStateStore(stores.state(), maxBytes),
        stores.timers(),
        new RecentGlobalWatermark(stores.shards(), 1_000, System::nanoTime),
        stores.attempts(),
        stores.usage());
  }

  /** The heap the cached copies take, as weighed; at most {@code maxBytes}. */
  public long heapBytes() {
    keys.cleanUp();
    return keys.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  /** Lists from the store itself: a tool wants what is committed, not what this copy saw. */
  @Override
  public List<String> keyIds(String afterKeyId, int limit) {
    return catalog().keyIds(afterKeyId, limit);
  }

  @Override
  public Set<String> namespaces(String keyId, KeyHeader header) {
    return catalog().namespaces(keyId, header);
  }

  private KeyCatalog catalog() {
    if (delegate instanceof KeyCatalog catalog) {
      return catalog;
    }
    throw new UnsupportedOperationException(
        delegate.getClass().getSimpleName() + " cannot list its keys");
  }

  @Override
  public KeyHeader readHeader(String keyId) {
    CachedKey cached = keys.getIfPresent(keyId);
    if (cached != null) {
      return cached.header();
    }
    KeyHeader header = delegate.readHeader(keyId);
    keys.put(keyId, new CachedKey(header));
    return header;
  }

  @Override
  public NamespaceSnapshot readNamespace(String keyId, KeyHeader header, String namespace) {
    return readNamespace(keyId, header, namespace, Long.MAX_VALUE);
  }

  @Override
  public NamespaceSnapshot readNamespace(
      String keyId, KeyHeader header, String namespace, long maxBytes) {
    CachedKey cached = current(keyId, header);
    if (cached != null) {
      NamespaceSnapshot snapshot = cached.namespace(namespace);
      if (snapshot != null) {
        return snapshot;
      }
    }
    NamespaceSnapshot snapshot = delegate.readNamespace(keyId, header, namespace, maxBytes);
    if (cached != null) {
      cached.putNamespace(namespace, snapshot);
      reweigh(keyId, cached);
    }
    return snapshot;
  }

  @Override
  public Set<String> namespacesWithDueTimers(
      String keyId, KeyHeader header, long watermarkMillis, long nowMillis) {
    return delegate.namespacesWithDueTimers(keyId, header, watermarkMillis, nowMillis);
  }

  @Override
  public NavigableMap<String, byte[]> readChunkedCell(
      String keyId, KeyHeader header, String namespace, String stateId) {
    return readChunkedCell(keyId, header, namespace, stateId, Long.MAX_VALUE);
  }

  @Override
  public NavigableMap<String, byte[]> readChunkedCell(
      String keyId, KeyHeader header, String namespace, String stateId, long maxBytes) {
    CachedKey cached = current(keyId, header);
    if (cached != null) {
      NavigableMap<String, byte[]> entries = cached.chunkedCell(namespace, stateId);
      if (entries != null) {
        return entries;
      }
    }
    NavigableMap<String, byte[]> entries =
        delegate.readChunkedCell(keyId, header, namespace, stateId, maxBytes);
    if (cached != null) {
      cached.putChunkedCell(namespace, stateId, entries);
      reweigh(keyId, cached);
    }
    return entries;
  }

  @Override
  public boolean commitsConcurrently() {
    return delegate.commitsConcurrently();
  }

  @Override
  public void commit(KeyCommit commit) {
    try {
      delegate.commit(commit);
    } catch (RuntimeException e) {
      forget(commit.keyId()); // stale, or the outcome is unknown
      throw e;
    }
    synchronized (lock) {
      CachedKey cached = keys.getIfPresent(commit.keyId());
      if (cached == null || !commit.follows(cached.header())) {
        keys.invalidate(commit.keyId());
        return;
      }
      cached.header(commit.header());
      cached.verified(false);
      for (CellMutation cell : commit.cells()) {
        cached.apply(cell);
      }
      for (TimerRecord deleted : commit.timerDeletes()) {
        cached.removeTimer(deleted);
      }
      for (TimerRecord put : commit.timerPuts()) {
        cached.putTimer(put);
      }
      reweigh(commit.keyId(), cached);
    }
  }

  @Override
  public Map<String, KeyHeader> readHeaders(Collection<String> keyIds) {
    return delegate.readHeaders(keyIds);
  }

  @Override
  public void prepare(Collection<String> keyIds) {
    refresh(keyIds, null, 0);
  }

  @Override
  public void prepare(String shardId, Collection<String> keyIds, boolean uninterrupted) {
    long run;
    List<String> unknown = new ArrayList<>();
    synchronized (lock) {
      Long current = runs.get(shardId);
      if (current == null || !uninterrupted) {
        current = ++lastRun;
        runs.put(shardId, current);
      }
      run = current;
      for (String keyId : keyIds) {
        CachedKey cached = keys.getIfPresent(keyId);
        if (uninterrupted && cached != null && cached.trustedIn(shardId, run)) {
          cached.verified(true);
        } else {
          unknown.add(keyId);
        }
      }
    }
    if (!unknown.isEmpty()) {
      refresh(unknown, shardId, run);
    }
  }

  /**
   * Reads the keys' headers in one batch: a copy at the same version is verified, any other is
   * replaced; with {@code shardId}, each is trusted in that shard's run {@code run}.
   */
  private void refresh(Collection<String> keyIds, String shardId, long run) {
    Map<String, KeyHeader> durable = delegate.readHeaders(keyIds);
    synchronized (lock) {
      durable.forEach(
          (keyId, header) -> {
            CachedKey cached = keys.getIfPresent(keyId);
            if (cached != null && cached.header().isSameVersionAs(header)) {
              cached.verified(true);
            } else {
              cached = new CachedKey(header);
              keys.put(keyId, cached);
            }
            if (shardId != null) {
              cached.trust(shardId, run);
            }
          });
    }
  }

  @Override
  public boolean isCurrent(String keyId, KeyHeader header) {
    synchronized (lock) {
      CachedKey cached = keys.getIfPresent(keyId);
      if (cached != null && cached.verified() && cached.header().isSameVersionAs(header)) {
        cached.verified(false);
        return true;
      }
    }
    KeyHeader durable = delegate.readHeader(keyId);
    if (durable.isSameVersionAs(header)) {
      return true;
    }
    forget(keyId);
    return false;
  }

  @Override
  public void forget(String keyId) {
    keys.invalidate(keyId);
  }

  /** The cached key if it is at {@code header}'s version (of its generation), else null. */
  private CachedKey current(String keyId, KeyHeader header) {
    CachedKey cached = keys.getIfPresent(keyId);
    return cached != null && cached.header().isSameVersionAs(header) ? cached : null;
  }

  /** Weighs a copy that changed again (the cache weighs on put only), unless it was dropped. */
  private void reweigh(String keyId, CachedKey cached) {
    keys.asMap().replace(keyId, cached, cached);
  }
}
