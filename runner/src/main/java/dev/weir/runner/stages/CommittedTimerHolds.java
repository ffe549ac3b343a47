package dev.weir.runner.stages;

import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.store.StateStore;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * A stateful stage's state store, passed through, that follows the timers its commits set and
 * delete: the watermark hold of the stage is the earliest output timestamp of a pending timer, as
 * Beam holds a ParDo's output watermark. The stage is the store's only writer, so what its commits
 * did is what the store holds, without a read (on DynamoDB, a hold read from the store would cost
 * an index query and a read per key each time a watermark moves), and it knows when a move of a
 * clock makes no timer due, so that the engine need not query the index for one.
 */
final class CommittedTimerHolds implements StateStore {
  private final StateStore store;
  private final Map<String, Map<TimerKey, TimerRecord>> pending = new HashMap<>();

  CommittedTimerHolds(StateStore store) {
    this.store = store;
  }

  /** The earliest output timestamp of a pending timer, or {@link Long#MAX_VALUE} if none. */
  long earliestOutputMillis() {
    long earliest = Long.MAX_VALUE;
    for (Map<TimerKey, TimerRecord> timers : pending.values()) {
      for (TimerRecord timer : timers.values()) {
        earliest = Math.min(earliest, timer.outputAtMillis());
      }
    }
    return earliest;
  }

  /**
   * True if a timer of {@code domain} is due at {@code clockMillis} (fires strictly before it, as
   * the timer index lists them): a move that makes none due need not ask the store.
   */
  boolean anyDue(TimerDomain domain, long clockMillis) {
    for (Map<TimerKey, TimerRecord> timers : pending.values()) {
      for (TimerRecord timer : timers.values()) {
        if (timer.domain() == domain && timer.fireAtMillis() < clockMillis) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public void commit(KeyCommit commit) {
    store.commit(commit); // a conflict leaves nothing changed, and nothing followed
    Map<TimerKey, TimerRecord> timers =
        pending.computeIfAbsent(commit.keyId(), k -> new HashMap<>());
    for (TimerRecord deleted : commit.timerDeletes()) {
      timers.remove(deleted.key());
    }
    for (TimerRecord put : commit.timerPuts()) {
      timers.put(put.key(), put);
    }
    if (timers.isEmpty()) {
      pending.remove(commit.keyId());
    }
  }

  @Override
  public KeyHeader readHeader(String keyId) {
    return store.readHeader(keyId);
  }

  @Override
  public Map<String, KeyHeader> readHeaders(Collection<String> keyIds) {
    return store.readHeaders(keyIds);
  }

  @Override
  public NamespaceSnapshot readNamespace(String keyId, KeyHeader header, String namespace) {
    return store.readNamespace(keyId, header, namespace);
  }

  @Override
  public Set<String> namespacesWithDueTimers(
      String keyId, KeyHeader header, long watermarkMillis, long nowMillis) {
    return store.namespacesWithDueTimers(keyId, header, watermarkMillis, nowMillis);
  }

  @Override
  public NavigableMap<String, byte[]> readChunkedCell(
      String keyId, KeyHeader header, String namespace, String stateId) {
    return store.readChunkedCell(keyId, header, namespace, stateId);
  }
}
