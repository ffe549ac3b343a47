/**
 * The session workload of {@code ./weir bench}: the session-window example's DoFn over the bench's
 * page views, run by Weir's functions on the local stack, for what sessions cost per event.
 */
package dev.weir.bench.sessions;
