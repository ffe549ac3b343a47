/**
 * Wiring: the environment a function runs in, turned once per container into clients, stores, sinks
 * and the engine. Handlers get everything from here and hold no logic of their own.
 */
package dev.weir.functions.wiring;
