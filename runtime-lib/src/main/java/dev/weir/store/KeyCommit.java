package dev.weir.store;

import java.util.List;
import java.util.Objects;

/**
 * Everything one bundle (or one timer firing) changed for one key, applied atomically and only if
 * the key's header is still at {@code expectedVersion}.
 *
 * @param timerPuts timers to create or replace
 * @param timerDeletes timers to remove: fired (claimed) or cancelled; a store may check that each
 *     still exists as given, which makes a duplicate firing fail instead of firing twice
 */
public record KeyCommit(
    String keyId,
    long expectedVersion,
    KeyHeader header,
    List<CellMutation> cells,
    List<TimerRecord> timerPuts,
    List<TimerRecord> timerDeletes) {
  public KeyCommit {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(header, "header");
    cells = List.copyOf(cells);
    timerPuts = List.copyOf(timerPuts);
    timerDeletes = List.copyOf(timerDeletes);
    if (header.version() != expectedVersion + 1) {
      throw new IllegalArgumentException(
          "header version " + header.version() + " must follow expected " + expectedVersion);
    }
  }
}
