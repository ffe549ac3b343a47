/**
 * The batched-RPC example of Beam's "Timely (and Stateful) Processing" post: buffer events per key
 * and window, and enrich them in batches, flushing when the buffer is full, when it has waited too
 * long in processing time, or when the window expires.
 */
package dev.weir.functions.examples.batchedrpc;
