package dev.weir.engine;

import dev.weir.store.InFlightBatch;
import dev.weir.store.SequenceNumbers;
import dev.weir.store.ShardRecord;
import dev.weir.store.ShardStore;
import dev.weir.watermark.ShardItemLimits;
import dev.weir.watermark.ShardWatermarks;
import dev.weir.watermark.WatermarkPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * A shard's progress as bundles record it: how far it was read, its watermark, and the holds of
 * keys whose records failed. Lanes of one shard (Lambda's parallelization) race for its record, so
 * every change is read, merged and written conditionally on what was read.
 */
final class ShardProgress {
  /** Lanes of one shard race for its progress item; each attempt reads the winner's first. */
  static final int MAX_SHARD_UPDATE_ATTEMPTS = 20;

  private final ShardStore shards;
  private final WatermarkPolicy policy;
  private final boolean acrossBundles;

  /**
   * The record this engine wrote last for each shard: the next write is conditional on it without
   * reading the shard again; if another lane or container wrote in between, the condition fails and
   * the record is read afresh. Kept within one bundle (one read per bundle, not two), or, where
   * {@code acrossBundles}, from bundle to bundle (no read at all while nobody else writes).
   */
  private final Map<String, ShardRecord> lastWritten = new HashMap<>();

  /**
   * This engine's name in the records it writes, where it remembers them across bundles: drawn at
   * its first write (after any SnapStart restore, so that restored containers differ), so that a
   * record another engine wrote is never taken for its own, however alike.
   */
  private String writer;

  /**
   * @param acrossBundles remember the record written last from one bundle to the next: worth it
   *     where one lane writes the shard's record (with several, each lane's write would make the
   *     others' first attempt fail)
   */
  ShardProgress(ShardStore shards, WatermarkPolicy policy, boolean acrossBundles) {
    this.shards = shards;
    this.policy = policy;
    this.acrossBundles = acrossBundles;
  }

  private ShardRecord signed(ShardRecord record) {
    if (!acrossBundles) {
      return record;
    }
    if (writer == null) {
      writer = UUID.randomUUID().toString();
    }
    return record.withWriter(writer);
  }

  /**
   * Records the bundle's progress on its shard. Concurrent invocations on one shard (Lambda's
   * parallelization lanes) each read, merge and write conditionally on what they read, so none
   * overwrites another's progress; the sequence number kept is the largest either has seen.
   *
   * @param rejected records the bundle could not decode, key or time: they are dead-lettered, never
   *     processed again, so the shard has read past them (were the last record of a quiet shard
   *     left out, the shard would never count as caught up, and would hold the watermark for good)
   * @param held the bundle's failed keys, each with the earliest event time of its records
   * @param committed keys whose records committed: holds an earlier failure set are released
   * @param lease the bundle's lease, released now that its progress is recorded
   */
  void afterBundle(
      String shardId,
      List<? extends DecodedRecord<?, ?>> records,
      List<RejectedRecord> rejected,
      List<? extends DecodedTick<?>> ticks,
      long maxEventTime,
      Map<String, Long> held,
      Set<String> committed,
      Optional<InFlightBatch> lease) {
    if (records.isEmpty() && rejected.isEmpty() && ticks.isEmpty()) {
      return;
    }
    long latestArrival = Long.MIN_VALUE;
    String lastSequence = null;
    for (DecodedRecord<?, ?> record : records) {
      latestArrival = Math.max(latestArrival, record.record().arrivalTime().getMillis());
      lastSequence = SequenceNumbers.max(lastSequence, record.record().sequenceNumber());
    }
    for (RejectedRecord record : rejected) { // arrived and read, but without a usable event time
      latestArrival = Math.max(latestArrival, record.record().arrivalTime().getMillis());
      lastSequence = SequenceNumbers.max(lastSequence, record.record().sequenceNumber());
    }
    // Ticks carry no event time, but the shard has read them: it is caught up only past them.
    for (DecodedTick<?> tick : ticks) {
      lastSequence = SequenceNumbers.max(lastSequence, tick.record().sequenceNumber());
    }
    long arrival = latestArrival;
    String sequence = lastSequence;
    updateShard(
        shardId,
        current ->
            Optional.of(
                ShardWatermarks.afterBundle(
                    shardId,
                    current,
                    policy,
                    maxEventTime,
                    arrival,
                    sequence,
                    held,
                    committed,
                    lease)));
  }

  /**
   * Takes a lease on {@code batch} before its work begins: until the bundle's progress is recorded
   * (by this invocation or a retry of the batch) its records hold the shard's watermark, whatever
   * becomes of this invocation and however far the shard's other lanes get.
   *
   * @return true if the lease went onto the very record this engine wrote last (remembered across
   *     bundles): nobody else wrote the shard's record since this engine's previous write
   */
  boolean open(String shardId, InFlightBatch batch) {
    return updateShard(
        shardId, current -> Optional.of(ShardWatermarks.opened(shardId, current, batch)));
  }

  /** A new bundle begins: unless remembered across bundles, what they wrote is read afresh. */
  void beginBundle() {
    if (!acrossBundles) {
      lastWritten.clear();
    }
  }

  /** Releases the holds of keys whose records were dead-lettered: they will not come back. */
  void releaseHolds(String shardId, Set<String> keyIds) {
    updateShard(shardId, current -> current.map(shard -> ShardWatermarks.released(shard, keyIds)));
  }

  /**
   * Replaces the shard's record with what {@code update} makes of it (nothing if it makes nothing),
   * conditionally on what was read: lanes of one shard race for its record.
   *
   * @return true if it was written at the first attempt on the record this engine wrote last
   */
  private boolean updateShard(
      String shardId, Function<Optional<ShardRecord>, Optional<ShardRecord>> update) {
    for (int attempt = 1; ; attempt++) {
      ShardRecord written = lastWritten.remove(shardId);
      Optional<ShardRecord> current =
          written != null ? Optional.of(written) : shards.shard(shardId);
      Optional<ShardRecord> next = update.apply(current).map(this::signed);
      int heldBefore = current.map(shard -> shard.holds().size()).orElse(0);
      if (next.isPresent() && next.get().holds().size() > heldBefore) {
        ShardItemLimits.checkHolds(next.get()); // releasing holds never fails
      }
      if (next.isEmpty()) {
        if (written != null) {
          lastWritten.put(shardId, written); // still what this engine wrote last
        }
        return false;
      }
      if (shards.replaceShard(current, next.get())) {
        lastWritten.put(shardId, next.get());
        return attempt == 1 && written != null;
      }
      if (attempt >= MAX_SHARD_UPDATE_ATTEMPTS) {
        throw new IllegalStateException(
            "shard "
                + shardId
                + " kept changing under "
                + attempt
                + " attempts to record progress");
      }
    }
  }
}
