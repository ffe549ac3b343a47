package dev.weir.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Durable per-key state and timers. A store that remembers keys across work also implements {@link
 * RememberedKeys}.
 *
 * <p>State writes are persisted together with the completion of the processing that produced them:
 * {@link #commit} applies a key's state, timer and header changes atomically, or not at all.
 */
public interface StateStore {

  /** The key's header, or {@link KeyHeader#NEW} if the key was never committed. */
  KeyHeader readHeader(String keyId);

  /** The headers of several keys, in as few requests as the store can. */
  default Map<String, KeyHeader> readHeaders(Collection<String> keyIds) {
    Map<String, KeyHeader> headers = new HashMap<>();
    keyIds.forEach(keyId -> headers.put(keyId, readHeader(keyId)));
    return headers;
  }

  /**
   * Every committed cell and pending timer of the key in {@code namespace}, as of {@code header}
   * (the header the caller read; a store whose commits span several requests uses it to tell
   * committed items from those of unfinished commits).
   */
  NamespaceSnapshot readNamespace(String keyId, KeyHeader header, String namespace);

  /**
   * {@link #readNamespace}, for a reader that may load at most {@code maxBytes} more of the key's
   * state: a store that reads in pages stops once past it, throwing {@link KeyLimitException}
   * ({@code STATE_TOO_LARGE}), rather than reading all of it first; one that does not leaves the
   * check to the reader.
   */
  default NamespaceSnapshot readNamespace(
      String keyId, KeyHeader header, String namespace, long maxBytes) {
    return readNamespace(keyId, header, namespace);
  }

  /**
   * Windows (namespaces) of the key with timers due (event time before {@code watermarkMillis},
   * processing time before {@code nowMillis}), as far as the store knows them without a read (a key
   * whose whole state it has in memory); possibly none. Work loads them so that timers due in
   * windows its records did not touch fire too, without waiting for a sweep to find them.
   */
  default Set<String> namespacesWithDueTimers(
      String keyId, KeyHeader header, long watermarkMillis, long nowMillis) {
    return Set.of();
  }

  /**
   * The entries of a chunked (append-only) cell, which {@link #readNamespace} leaves out: a bag of
   * 100,000 elements is read only when the DoFn reads it.
   */
  NavigableMap<String, byte[]> readChunkedCell(
      String keyId, KeyHeader header, String namespace, String stateId);

  /** {@link #readChunkedCell}, reading at most {@code maxBytes} as {@link #readNamespace} does. */
  default NavigableMap<String, byte[]> readChunkedCell(
      String keyId, KeyHeader header, String namespace, String stateId, long maxBytes) {
    return readChunkedCell(keyId, header, namespace, stateId);
  }

  /**
   * Applies {@code commit} atomically.
   *
   * @throws CommitConflictException if the header is no longer at the expected version
   */
  void commit(KeyCommit commit);

  /**
   * True if commits of different keys gain from running at once (each is a round trip to a remote
   * store) and may be made from several threads; an in-memory store's commit costs less than
   * handing it to another thread.
   */
  default boolean commitsConcurrently() {
    return false;
  }
}
