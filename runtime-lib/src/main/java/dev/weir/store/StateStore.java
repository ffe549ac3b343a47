package dev.weir.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Durable per-key state and timers.
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
   * Called before work on {@code keyIds} starts (a bundle's keys, a page of keys with due timers):
   * a store that remembers keys makes sure its copies are current, in one batched read, so the work
   * neither reads them one by one nor emits outputs from stale state. Others do nothing.
   */
  default void prepare(Collection<String> keyIds) {}

  /**
   * Every committed cell and pending timer of the key in {@code namespace}, as of {@code header}
   * (the header the caller read; a store whose commits span several requests uses it to tell
   * committed items from those of unfinished commits).
   */
  NamespaceSnapshot readNamespace(String keyId, KeyHeader header, String namespace);

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

  /**
   * Applies {@code commit} atomically.
   *
   * @throws CommitConflictException if the header is no longer at the expected version
   */
  void commit(KeyCommit commit);

  /**
   * Drops whatever this store remembers of the key, so the next read goes to durable storage. Work
   * that finds less than an index promised (a due timer that is not there) calls it before trying
   * again. Stores that remember nothing ignore it.
   */
  default void forget(String keyId) {}

  /**
   * True if {@code header} (from {@link #readHeader}) is still the key's latest. Work checks it
   * before its outputs go out, since those cannot be taken back if its commit then fails: a store
   * that served the header from memory asks durable storage; others answer true, their header was
   * read for this very attempt.
   */
  default boolean isCurrent(String keyId, KeyHeader header) {
    return true;
  }
}
