/**
 * Store ports: what the engine persists, in plain bytes and strings, knowing nothing of Beam or
 * user types.
 *
 * <p>Every implementation keeps one promise: a {@link dev.weir.store.KeyCommit} is applied
 * atomically and only if the key's header still has the expected version, so state writes, timer
 * changes and the applied Kinesis sequence numbers become visible together or not at all. That is
 * what turns Lambda's at-least-once delivery into exactly-once state effects.
 */
package dev.weir.store;
