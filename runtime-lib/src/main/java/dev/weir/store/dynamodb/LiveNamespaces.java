package dev.weir.store.dynamodb;

import dev.weir.store.CellMutation;
import dev.weir.store.KeyCommit;
import dev.weir.timer.TimerRecord;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which namespaces (windows) of a key spread over items may still have items: the header keeps
 * them, so that the commit after which none may knows the key holds nothing, without a scan of
 * partitions it cannot name. A namespace joins when a commit writes an item in it (an entry, a
 * clear marker, a timer) and leaves when its window expired and no timer item of it is left.
 */
final class LiveNamespaces {
  private LiveNamespaces() {}

  /**
   * The namespaces that may have items after {@code commit}, or null if {@code before} is not
   * known.
   *
   * @param expiredWithTimers expired namespaces that still have timer items after the commit
   */
  static Set<String> after(KeyCommit commit, Set<String> before, Set<String> expiredWithTimers) {
    if (before == null) {
      return null;
    }
    Set<String> live = new TreeSet<>(before);
    Set<String> written = new HashSet<>();
    for (CellMutation cell : commit.cells()) {
      boolean marker = cell.cleared() && !commit.expiredNamespaces().containsKey(cell.namespace());
      if (!cell.puts().isEmpty() || marker) {
        written.add(cell.namespace());
      }
    }
    for (TimerRecord timer : commit.timerPuts()) {
      written.add(timer.key().namespace());
    }
    live.addAll(written);
    for (String namespace : commit.expiredNamespaces().keySet()) {
      if (!written.contains(namespace) && !expiredWithTimers.contains(namespace)) {
        live.remove(namespace);
      }
    }
    return live;
  }
}
