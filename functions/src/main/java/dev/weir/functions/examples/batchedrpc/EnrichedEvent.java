package dev.weir.functions.examples.batchedrpc;

import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * An event after enrichment.
 *
 * @param enrichment what the enrichment RPC returned for the event
 * @param batchSize how many events the RPC call carried
 * @param flush which path flushed the batch
 */
@DefaultCoder(EnrichedEventCoder.class)
public record EnrichedEvent(Event event, String enrichment, int batchSize, Flush flush) {

  /** The three ways the post's DoFn flushes its buffer. */
  public enum Flush {
    /** The buffer reached its maximum size. */
    SIZE,
    /** The processing-time {@code stale} timer fired. */
    STALE,
    /** The event-time {@code expiry} timer fired at the end of the window plus lateness. */
    EXPIRY
  }
}
