package dev.weir.functions.examples.batchedrpc;

import java.io.Serializable;
import java.util.List;

/** The remote service the post's DoFn calls once per batch (the "RPC" being batched). */
@FunctionalInterface
public interface EnrichmentService extends Serializable {
  /** Returns one enrichment per event, in order. */
  List<String> enrich(List<Event> batch);
}
