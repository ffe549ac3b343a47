/**
 * Where what the engine produces goes, as ports: outputs ({@link dev.weir.sink.OutputSink}, each
 * with its id from {@link dev.weir.sink.OutputIds}) before each key's commit, and dead letters
 * ({@link dev.weir.sink.DeadLetters}) for records and timers the engine gives up.
 */
package dev.weir.sink;
