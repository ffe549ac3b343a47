/** Contenders handling the same Kinesis input through the local event-source mapping. */
package dev.weir.bench.stack;
