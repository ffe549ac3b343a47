package dev.weir.store.memory;

import dev.weir.store.AttemptLedger;
import dev.weir.store.CellMutation;
import dev.weir.store.CommitConflictException;
import dev.weir.store.KeyCatalog;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.store.ShardRecord;
import dev.weir.store.ShardStore;
import dev.weir.store.StateStore;
import dev.weir.store.Stores;
import dev.weir.timer.CursorParts;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerIndex;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerPage;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * All store ports in one thread-safe in-memory object. Commits are serialised by one lock, which is
 * what makes them atomic; reads return copies so callers never see a later commit's changes.
 */
public final class InMemoryStore
    implements StateStore, TimerIndex, ShardStore, AttemptLedger, KeyCatalog {

  private final Map<String, KeyHeader> headers = new HashMap<>();
  private final Map<String, Map<String, Map<String, TreeMap<String, byte[]>>>> cells =
      new HashMap<>();
  private final Map<String, Map<String, Map<String, TreeMap<String, byte[]>>>> chunked =
      new HashMap<>();
  private final Map<String, Map<TimerKey, TimerRecord>> timersByKey = new HashMap<>();
  private final Map<TimerDomain, TreeSet<TimerRecord>> dueIndex = new EnumMap<>(TimerDomain.class);
  private final Map<String, ShardRecord> shards = new TreeMap<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private long globalWatermark = Long.MIN_VALUE;
  private long commits;

  public InMemoryStore() {
    for (TimerDomain domain : TimerDomain.values()) {
      dueIndex.put(domain, new TreeSet<>(TimerRecord.FIRING_ORDER));
    }
  }

  /** This store as the {@link Stores} an engine takes. */
  public Stores asStores() {
    return new Stores(this, this, this, this);
  }

  @Override
  public synchronized List<String> keyIds(String afterKeyId, int limit) {
    TreeSet<String> held = new TreeSet<>(headers.keySet());
    held.removeIf(keyId -> namespaces(keyId, headers.get(keyId)).isEmpty());
    return (afterKeyId == null ? held : held.tailSet(afterKeyId, false))
        .stream().limit(limit).toList();
  }

  @Override
  public synchronized Set<String> namespaces(String keyId, KeyHeader header) {
    Set<String> namespaces = new TreeSet<>();
    for (var byKey : List.of(cells, chunked)) {
      byKey
          .getOrDefault(keyId, Map.of())
          .forEach(
              (namespace, byState) -> {
                if (!byState.isEmpty()) {
                  namespaces.add(namespace);
                }
              });
    }
    timersByKey.getOrDefault(keyId, Map.of()).keySet().forEach(t -> namespaces.add(t.namespace()));
    return namespaces;
  }

  @Override
  public synchronized KeyHeader readHeader(String keyId) {
    return headers.getOrDefault(keyId, KeyHeader.NEW);
  }

  @Override
  public synchronized Set<String> namespacesWithDueTimers(
      String keyId, KeyHeader header, long watermarkMillis, long nowMillis) {
    Set<String> namespaces = new HashSet<>();
    for (TimerRecord timer : timersByKey.getOrDefault(keyId, Map.of()).values()) {
      if (timer.isDueAt(timer.domain() == TimerDomain.EVENT_TIME ? watermarkMillis : nowMillis)) {
        namespaces.add(timer.key().namespace());
      }
    }
    return namespaces;
  }

  @Override
  public synchronized NamespaceSnapshot readNamespace(
      String keyId, KeyHeader header, String namespace) {
    Map<String, NavigableMap<String, byte[]>> copy = new HashMap<>();
    cells
        .getOrDefault(keyId, Map.of())
        .getOrDefault(namespace, Map.of())
        .forEach((stateId, entries) -> copy.put(stateId, new TreeMap<>(entries)));
    List<TimerRecord> timers = new ArrayList<>();
    for (TimerRecord timer : timersByKey.getOrDefault(keyId, Map.of()).values()) {
      if (timer.key().namespace().equals(namespace)) {
        timers.add(timer);
      }
    }
    return new NamespaceSnapshot(copy, timers);
  }

  @Override
  public synchronized NavigableMap<String, byte[]> readChunkedCell(
      String keyId, KeyHeader header, String namespace, String stateId) {
    return new TreeMap<>(
        chunked
            .getOrDefault(keyId, Map.of())
            .getOrDefault(namespace, Map.of())
            .getOrDefault(stateId, new TreeMap<>()));
  }

  @Override
  public synchronized void commit(KeyCommit commit) {
    KeyHeader current = readHeader(commit.keyId());
    if (!commit.follows(current)) {
      throw new CommitConflictException(
          "key "
              + commit.keyId()
              + " is at version "
              + current.version()
              + " of generation "
              + current.generation()
              + ", commit expected "
              + commit.expectedVersion()
              + " of generation "
              + commit.header().generation());
    }
    Map<TimerKey, TimerRecord> keyTimers =
        timersByKey.computeIfAbsent(commit.keyId(), k -> new HashMap<>());
    for (TimerRecord deleted : commit.timerDeletes()) {
      if (!deleted.equals(keyTimers.get(deleted.key()))) {
        throw new CommitConflictException("timer " + deleted + " is no longer pending");
      }
    }
    for (TimerRecord deleted : commit.timerDeletes()) {
      keyTimers.remove(deleted.key());
      dueIndex.get(deleted.domain()).remove(deleted);
    }
    for (TimerRecord put : commit.timerPuts()) {
      TimerRecord replaced = keyTimers.put(put.key(), put);
      if (replaced != null) {
        dueIndex.get(replaced.domain()).remove(replaced);
      }
      dueIndex.get(put.domain()).add(put);
    }
    for (CellMutation mutation : commit.cells()) {
      Map<String, TreeMap<String, byte[]>> namespace =
          (mutation.chunked() ? chunked : cells)
              .computeIfAbsent(commit.keyId(), k -> new HashMap<>())
              .computeIfAbsent(mutation.namespace(), n -> new HashMap<>());
      TreeMap<String, byte[]> entries =
          namespace.computeIfAbsent(mutation.stateId(), s -> new TreeMap<>());
      if (mutation.cleared()) {
        entries.clear();
      }
      mutation.deletes().forEach(entries::remove);
      entries.putAll(mutation.puts());
      if (entries.isEmpty()) {
        namespace.remove(mutation.stateId());
      }
    }
    headers.put(commit.keyId(), commit.header());
    commits++;
  }

  /** The cursor is the position of the last timer listed, so it outlives that timer. */
  @Override
  public synchronized TimerPage dueTimers(
      TimerDomain domain, long clockMillis, int limit, String after) {
    if (limit < 1) {
      throw new IllegalArgumentException("a page holds at least one timer, not " + limit);
    }
    TreeSet<TimerRecord> index = dueIndex.get(domain);
    List<TimerRecord> due = new ArrayList<>();
    TimerRecord next = null;
    for (TimerRecord timer :
        after == null ? index : index.tailSet(position(domain, after), false)) {
      if (!timer.isDueAt(clockMillis) || due.size() >= limit) {
        next = timer.isDueAt(clockMillis) ? timer : null;
        break;
      }
      due.add(timer);
    }
    return new TimerPage(due, next == null ? null : cursor(due.get(due.size() - 1)));
  }

  private static String cursor(TimerRecord last) {
    TimerKey key = last.key();
    return CursorParts.join(
        List.of(
            Long.toString(last.fireAtMillis()),
            last.keyId(),
            key.namespace(),
            key.familyId(),
            key.timerId()));
  }

  /** A timer at the cursor's place in {@link TimerRecord#FIRING_ORDER}. */
  private static TimerRecord position(TimerDomain domain, String cursor) {
    List<String> parts = CursorParts.split(cursor, 5);
    long fireAt = Long.parseLong(parts.get(0));
    return new TimerRecord(
        parts.get(1), new TimerKey(parts.get(2), parts.get(3), parts.get(4)), domain, fireAt, 0);
  }

  /** Number of pending timers of all keys; for tests and the driver. */
  public synchronized int pendingTimerCount() {
    return dueIndex.values().stream().mapToInt(TreeSet::size).sum();
  }

  /** Number of commits applied; each stands for one store write in a real backend. */
  public synchronized long commitCount() {
    return commits;
  }

  @Override
  public synchronized Optional<ShardRecord> shard(String shardId) {
    return Optional.ofNullable(shards.get(shardId));
  }

  @Override
  public synchronized List<ShardRecord> shards() {
    return List.copyOf(shards.values());
  }

  @Override
  public synchronized boolean replaceShard(Optional<ShardRecord> expected, ShardRecord next) {
    Optional<ShardRecord> stored = Optional.ofNullable(shards.get(next.shardId()));
    if (!stored.equals(expected)) {
      return stored.equals(Optional.of(next));
    }
    shards.put(next.shardId(), next);
    return true;
  }

  @Override
  public synchronized boolean removeShard(ShardRecord expected) {
    return shards.remove(expected.shardId(), expected) || !shards.containsKey(expected.shardId());
  }

  @Override
  public synchronized int recordFailure(String shardId, String sequenceNumber) {
    return failures.merge(shardId + "/" + sequenceNumber, 1, Integer::sum);
  }

  @Override
  public synchronized long globalWatermark() {
    return globalWatermark;
  }

  @Override
  public synchronized boolean advanceGlobalWatermark(long watermarkMillis) {
    if (watermarkMillis <= globalWatermark) {
      return false;
    }
    globalWatermark = watermarkMillis;
    return true;
  }
}
