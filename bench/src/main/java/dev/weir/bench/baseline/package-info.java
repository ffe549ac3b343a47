/**
 * The hand-rolled Lambda handlers Weir is compared against: the batched-RPC DoFn written directly
 * against DynamoDB, once record by record and once batch by batch, without timers or exactly-once.
 */
package dev.weir.bench.baseline;
