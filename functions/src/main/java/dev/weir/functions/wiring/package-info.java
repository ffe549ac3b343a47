/**
 * Wiring: the environment a function runs in, turned once per container into clients, stores, sinks
 * and the engine's use cases. Handlers get everything from here; neither holds logic of its own
 * (retries and dead letters are the engine's {@code ShardBatchProcessor}).
 */
package dev.weir.functions.wiring;
