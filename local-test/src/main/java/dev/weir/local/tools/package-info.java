/**
 * Tools for running one's own pipeline on the local stack: {@code weir run} (input lines in,
 * outputs as JSON lines out) and {@code weir inspect} (a key's state and timers, read-only, on the
 * local stack or AWS), with the JSON form both give values decoded by the pipeline's coders.
 */
package dev.weir.local.tools;
