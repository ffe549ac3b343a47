package dev.weir.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * How many lanes read each input shard (Lambda's {@code ParallelizationFactor}), as far as a sweep
 * must know. With one lane, a shard's records are finished in order and the progress its bundles
 * record says how far its watermark may go. With several, lanes finish batches out of order and a
 * lane whose invocation has not started yet has told nobody of its records, so each sweep reads the
 * shard after what it verified and moves its watermark only over the records their keys' headers
 * show handled ({@link VerifiedFrontiers}).
 */
public final class Lanes {
  /** Lambda's largest {@code ParallelizationFactor}. */
  public static final int MAX_PARALLELIZATION_FACTOR = 10;

  private static final Lanes ONE = new Lanes(null);

  private final ShardTail tail;

  private Lanes(ShardTail tail) {
    this.tail = tail;
  }

  /** One lane per shard: bundles record the shard's progress in order. */
  public static Lanes one() {
    return ONE;
  }

  /** Several lanes per shard: each sweep verifies the shard's records read from {@code tail}. */
  public static Lanes several(ShardTail tail) {
    return new Lanes(Objects.requireNonNull(tail, "tail"));
  }

  /**
   * One lane for a parallelization factor of 1, otherwise several, verified through {@code tail}.
   */
  public static Lanes of(int parallelizationFactor, ShardTail tail) {
    if (parallelizationFactor < 1 || parallelizationFactor > MAX_PARALLELIZATION_FACTOR) {
      throw new IllegalArgumentException(
          "a parallelization factor is from 1 to "
              + MAX_PARALLELIZATION_FACTOR
              + ", not "
              + parallelizationFactor);
    }
    return parallelizationFactor == 1 ? one() : several(tail);
  }

  /** True for one lane per shard: each shard's bundles come one after another, in order. */
  public boolean onePerShard() {
    return tail == null;
  }

  /** Where the sweep reads the shards to verify them, if there are several lanes. */
  Optional<ShardTail> verifiedThrough() {
    return Optional.ofNullable(tail);
  }

  @Override
  public String toString() {
    return tail == null ? "one lane per shard" : "several lanes per shard";
  }
}
