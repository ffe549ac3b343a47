package dev.weir.bench.stack;

/** Who handles the input stream in a run on the local stack. */
public enum Contender {
  /** Weir's ProcessorFunction, with the watermark and timer functions on the local scheduler. */
  WEIR,
  /** Per record: read the key's item, write it back (how many users write it without Weir). */
  NAIVE,
  /** Per batch: group by key, one batched read, one write per key. */
  CAREFUL
}
