/** Benchmarks: mains that print numbers; performance is never asserted by timed tests. */
package dev.weir.local.bench;
