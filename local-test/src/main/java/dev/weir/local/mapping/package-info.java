/**
 * The local event-source mapping: the Kinesis Client Library reads the input stream (shard
 * discovery, leases, checkpoints, parent-before-child order) and hands each shard's records to the
 * ProcessorFunction handler in-process, with Lambda's batching, retry, bisect and partial-failure
 * semantics.
 */
package dev.weir.local.mapping;
