package dev.weir.store;

import java.util.Collection;

/**
 * What a state store that remembers keys across work (a container's cache) must be told, and asked,
 * so that remembered state never produces outputs or commits from a stale copy. Stores that
 * remember nothing need none of it: {@link #of} gives them {@link #NONE}.
 */
public interface RememberedKeys {
  /**
   * Called before work on {@code keyIds} starts (a bundle's keys, a page of keys with due timers):
   * makes sure the remembered copies are current, in one batched read, so the work neither reads
   * them one by one nor emits outputs from stale state.
   */
  void prepare(Collection<String> keyIds);

  /**
   * As {@link #prepare}, for the keys of one bundle of {@code shardId} when the caller is the only
   * writer of that shard's keys while it holds the shard (one lane per shard, timers fired by the
   * key's own processor). {@code uninterrupted} says that the caller proved, by writing the shard's
   * record conditionally on the one it wrote last, that no other container took the shard since its
   * previous call for it: copies read or committed for the shard since then are current without a
   * read. Otherwise everything remembered for the shard is read again before it is used.
   */
  default void prepare(String shardId, Collection<String> keyIds, boolean uninterrupted) {
    prepare(keyIds);
  }

  /**
   * Drops what is remembered of the key, so the next read goes to durable storage. Work that finds
   * less than an index promised (a due timer that is not there) calls it before trying again.
   */
  void forget(String keyId);

  /**
   * True if {@code header} (read from the store) is still the key's latest. Work checks it before
   * its outputs go out, since those cannot be taken back if its commit then fails: a copy served
   * from memory is checked against durable storage.
   */
  boolean isCurrent(String keyId, KeyHeader header);

  /** For stores that remember nothing: each header was read for the very attempt that uses it. */
  RememberedKeys NONE =
      new RememberedKeys() {
        @Override
        public void prepare(Collection<String> keyIds) {}

        @Override
        public void forget(String keyId) {}

        @Override
        public boolean isCurrent(String keyId, KeyHeader header) {
          return true;
        }
      };

  /** {@code store}'s remembering side, if it has one, else {@link #NONE}. */
  static RememberedKeys of(StateStore store) {
    return store instanceof RememberedKeys remembered ? remembered : NONE;
  }
}
