package dev.weir.store;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The changes to one state cell ({@code namespace} + {@code stateId}) in one commit. A cell is a
 * sorted map of entries: a value cell has one entry under the empty sub-key, collections have one
 * entry per element, map key or bag chunk.
 *
 * @param chunked an append-only cell (a bag) whose entries are chunks; stores may keep such cells
 *     apart, so that loading a namespace does not read them (see {@link
 *     StateStore#readChunkedCell})
 * @param cleared remove every existing entry of the cell before applying {@code puts}
 * @param puts entries to create or replace
 * @param deletes entries to remove (never overlapping {@code puts})
 */
public record CellMutation(
    String namespace,
    String stateId,
    boolean chunked,
    boolean cleared,
    Map<String, byte[]> puts,
    Set<String> deletes) {
  public CellMutation {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(stateId, "stateId");
    puts = Map.copyOf(puts);
    deletes = Set.copyOf(deletes);
  }
}
