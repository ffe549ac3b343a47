/**
 * Looking at a pipeline's keys from outside: their state per window, decoded with the DoFn's own
 * state specs, and their pending timers. Read-only; used by the test kit and {@code weir inspect},
 * never by the engine.
 */
package dev.weir.inspect;
