/**
 * A state store decorator that keeps each key's last committed state in memory across bundles and
 * invocations, so a warm container reads nothing for the keys it owns; the store's conditional
 * commit on the key's version detects a stale copy.
 */
package dev.weir.store.cache;
