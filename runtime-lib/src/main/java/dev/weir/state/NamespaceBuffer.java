package dev.weir.state;

import dev.weir.store.NamespaceSnapshot;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** The cells and timers of one key in one namespace (window), loaded at most once per bundle. */
final class NamespaceBuffer {
  private final Map<String, Cell> cells = new LinkedHashMap<>();
  private Map<TimerKey, TimerRecord> committedTimers; // null until loaded
  private final Map<TimerKey, TimerRecord> timerPuts = new LinkedHashMap<>();
  private final Map<TimerKey, TimerRecord> timerDeletes = new LinkedHashMap<>();

  boolean isLoaded() {
    return committedTimers != null;
  }

  void load(NamespaceSnapshot snapshot) {
    committedTimers = new HashMap<>();
    snapshot.timers().forEach(t -> committedTimers.put(t.key(), t));
    snapshot.cells().forEach((stateId, entries) -> cell(stateId).load(entries));
    cells.values().stream()
        .filter(c -> !c.isLoaded() && !c.isChunked())
        .forEach(c -> c.load(new TreeMap<>()));
  }

  Cell cell(String stateId) {
    return cells.computeIfAbsent(
        stateId,
        id -> {
          Cell cell = new Cell(false);
          if (isLoaded()) {
            cell.load(new TreeMap<String, byte[]>());
          }
          return cell;
        });
  }

  /** An append-only cell; it is loaded on its own, never with the namespace. */
  Cell chunkedCell(String stateId) {
    return cells.computeIfAbsent(stateId, id -> new Cell(true));
  }

  Map<String, Cell> cells() {
    return cells;
  }

  TimerRecord timer(TimerKey key) {
    TimerRecord put = timerPuts.get(key);
    if (put != null) {
      return put;
    }
    return timerDeletes.containsKey(key) ? null : committedTimers.get(key);
  }

  void setTimer(TimerRecord timer) {
    TimerRecord committed = committedTimers.get(timer.key());
    timerDeletes.remove(timer.key());
    if (timer.equals(committed)) {
      timerPuts.remove(timer.key());
    } else {
      timerPuts.put(timer.key(), timer);
    }
  }

  void deleteTimer(TimerKey key) {
    timerPuts.remove(key);
    TimerRecord committed = committedTimers.get(key);
    if (committed != null) {
      timerDeletes.put(key, committed);
    }
  }

  /** Calls {@code action} for every timer as it stands now, committed or set in this bundle. */
  void forEachCurrentTimer(Consumer<TimerRecord> action) {
    committedTimers.forEach(
        (key, timer) -> {
          if (!timerDeletes.containsKey(key) && !timerPuts.containsKey(key)) {
            action.accept(timer);
          }
        });
    timerPuts.values().forEach(action);
  }

  Map<TimerKey, TimerRecord> timerPuts() {
    return timerPuts;
  }

  Map<TimerKey, TimerRecord> timerDeletes() {
    return timerDeletes;
  }
}
