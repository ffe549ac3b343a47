package dev.weir.store.dynamodb;

import dev.weir.store.CellMutation;
import dev.weir.store.HeapSize;
import dev.weir.store.KeyCommit;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * All state and timers of a key small enough to live in its header item, so that a commit is one
 * conditional write of one item instead of a transaction over several. Immutable; {@link #apply}
 * returns the state after a commit.
 *
 * @param cells per namespace, per state id, entries by sub-key (chunked cells included)
 * @param chunked the state ids (as {@code namespace + '\n' + stateId}) of chunked cells
 * @param timers every pending timer of the key
 */
record InlineState(
    Map<String, Map<String, NavigableMap<String, byte[]>>> cells,
    Set<String> chunked,
    List<TimerRecord> timers) {
  static final InlineState EMPTY = new InlineState(Map.of(), Set.of(), List.of());

  /** The namespace as a read returns it: its non-chunked cells and its timers. */
  NamespaceSnapshot snapshot(String namespace) {
    Map<String, NavigableMap<String, byte[]>> visible = new TreeMap<>();
    cells
        .getOrDefault(namespace, Map.of())
        .forEach(
            (stateId, entries) -> {
              if (!chunked.contains(cellKey(namespace, stateId))) {
                visible.put(stateId, entries);
              }
            });
    List<TimerRecord> namespaceTimers =
        timers.stream().filter(t -> t.key().namespace().equals(namespace)).toList();
    return new NamespaceSnapshot(visible, namespaceTimers);
  }

  /** True if the key holds no state and no timers. */
  boolean isEmpty() {
    return cells.isEmpty() && timers.isEmpty();
  }

  /** Roughly what this state takes on the heap, decoded. */
  long heapBytes() {
    long bytes = HeapSize.ofTimers(timers);
    for (Map<String, NavigableMap<String, byte[]>> byState : cells.values()) {
      bytes += HeapSize.ofCells(byState);
    }
    return bytes;
  }

  NavigableMap<String, byte[]> chunkedCell(String namespace, String stateId) {
    return cells.getOrDefault(namespace, Map.of()).getOrDefault(stateId, new TreeMap<>());
  }

  /** True if {@code timer} is pending as given (same timer, same due time). */
  boolean hasTimer(TimerRecord timer) {
    return timers.stream()
        .anyMatch(t -> t.key().equals(timer.key()) && t.fireAtMillis() == timer.fireAtMillis());
  }

  /** The earliest pending timer of {@code domain}, which the timer index lists for the key. */
  Optional<TimerRecord> earliest(TimerDomain domain) {
    return timers.stream().filter(t -> t.domain() == domain).min(TimerRecord.FIRING_ORDER);
  }

  InlineState apply(KeyCommit commit) {
    Map<String, Map<String, NavigableMap<String, byte[]>>> after = new TreeMap<>();
    cells.forEach((namespace, byState) -> after.put(namespace, new TreeMap<>(byState)));
    Set<String> chunkedAfter = new HashSet<>(chunked);
    for (CellMutation mutation : commit.cells()) {
      Map<String, NavigableMap<String, byte[]>> byState =
          after.computeIfAbsent(mutation.namespace(), n -> new TreeMap<>());
      NavigableMap<String, byte[]> before = byState.get(mutation.stateId());
      TreeMap<String, byte[]> entries =
          before == null || mutation.cleared() ? new TreeMap<>() : new TreeMap<>(before);
      mutation.deletes().forEach(entries::remove);
      entries.putAll(mutation.puts());
      String cellKey = cellKey(mutation.namespace(), mutation.stateId());
      if (entries.isEmpty()) {
        byState.remove(mutation.stateId());
        chunkedAfter.remove(cellKey);
      } else {
        byState.put(mutation.stateId(), Collections.unmodifiableNavigableMap(entries));
        if (mutation.chunked()) {
          chunkedAfter.add(cellKey);
        }
      }
      if (byState.isEmpty()) {
        after.remove(mutation.namespace());
      }
    }
    List<TimerRecord> timersAfter = new ArrayList<>(timers);
    for (TimerRecord deleted : commit.timerDeletes()) {
      timersAfter.removeIf(t -> t.key().equals(deleted.key()));
    }
    for (TimerRecord put : commit.timerPuts()) {
      timersAfter.removeIf(t -> t.key().equals(put.key()));
      timersAfter.add(put);
    }
    return new InlineState(after, Set.copyOf(chunkedAfter), List.copyOf(timersAfter));
  }

  /** This state as the cell mutations and timer writes that create it in separate items. */
  List<CellMutation> asMutations() {
    List<CellMutation> mutations = new ArrayList<>();
    cells.forEach(
        (namespace, byState) ->
            byState.forEach(
                (stateId, entries) ->
                    mutations.add(
                        new CellMutation(
                            namespace,
                            stateId,
                            chunked.contains(cellKey(namespace, stateId)),
                            true,
                            entries,
                            Set.of()))));
    return mutations;
  }

  /** This state as its header item stores it ({@link InlineStateCodec}). */
  byte[] encode() {
    return InlineStateCodec.encode(this);
  }

  static InlineState decode(String keyId, byte[] encoded) {
    return InlineStateCodec.decode(keyId, encoded);
  }

  static String cellKey(String namespace, String stateId) {
    return namespace + '\n' + stateId;
  }
}
