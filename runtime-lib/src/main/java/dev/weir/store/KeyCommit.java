package dev.weir.store;

import dev.weir.timer.TimerRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one bundle (or one timer firing) changed for one key, applied atomically and only if
 * the key's header is still at {@code expectedVersion}.
 *
 * @param timerPuts timers to create or replace
 * @param timerDeletes timers to remove: fired (claimed) or cancelled; a store may check that each
 *     still exists as given, which makes a duplicate firing fail instead of firing twice
 * @param expiredNamespaces namespaces whose window expired in this commit (Beam garbage-collected
 *     their state), each with the state ids of its chunked cells: nothing of their cells may be
 *     left once it is applied, not even what a store keeps of cells it cleared earlier
 */
public record KeyCommit(
    String keyId,
    long expectedVersion,
    KeyHeader header,
    List<CellMutation> cells,
    List<TimerRecord> timerPuts,
    List<TimerRecord> timerDeletes,
    Map<String, Set<String>> expiredNamespaces) {
  public KeyCommit {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(header, "header");
    cells = List.copyOf(cells);
    timerPuts = List.copyOf(timerPuts);
    timerDeletes = List.copyOf(timerDeletes);
    expiredNamespaces = Map.copyOf(expiredNamespaces);
    if (header.version() != expectedVersion + 1) {
      throw new IllegalArgumentException(
          "header version " + header.version() + " must follow expected " + expectedVersion);
    }
  }

  /**
   * True if this commit was made on {@code current}: it expects that version, of the same
   * generation (which a key's first commit chooses, so for a key never committed only the version
   * counts).
   */
  public boolean follows(KeyHeader current) {
    return current.version() == expectedVersion
        && (expectedVersion == 0 || current.generation() == header.generation());
  }

  /** A commit in which no window expires. */
  public KeyCommit(
      String keyId,
      long expectedVersion,
      KeyHeader header,
      List<CellMutation> cells,
      List<TimerRecord> timerPuts,
      List<TimerRecord> timerDeletes) {
    this(keyId, expectedVersion, header, cells, timerPuts, timerDeletes, Map.of());
  }
}
