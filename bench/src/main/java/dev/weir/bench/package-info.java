/**
 * {@code ./weir bench}: Weir side by side with what users would otherwise run — Beam's
 * DirectRunner, Flink, and hand-rolled Lambda handlers on the same local stack — on the same
 * generated input, in one process.
 */
package dev.weir.bench;
