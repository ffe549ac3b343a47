package dev.weir.watermark;

import dev.weir.store.InFlightBatch;
import dev.weir.store.SequenceNumbers;
import dev.weir.store.ShardRecord;
import dev.weir.store.VerifiedPrefix;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/** Shard and global watermark arithmetic; every result is monotonic. */
public final class ShardWatermarks {
  private ShardWatermarks() {}

  /**
   * The shard's record after a bundle whose largest event time is {@code maxEventTimeMillis} and
   * latest arrival is {@code latestArrivalMillis}; the watermark never moves backwards, and not
   * forwards past any hold: those the bundle adds ({@code held}: its failed keys, with the earliest
   * event time of their records) and those other lanes keep, less those it releases ({@code
   * released}: keys it committed). The sequence number kept is the larger of the stored one and
   * {@code lastSequenceNumber} (another lane of the shard may have got further). The bundle's own
   * lease ({@code finished}, if it took one) is released; other lanes' leases hold the watermark.
   */
  public static ShardRecord afterBundle(
      String shardId,
      Optional<ShardRecord> current,
      WatermarkPolicy policy,
      long maxEventTimeMillis,
      long latestArrivalMillis,
      String lastSequenceNumber,
      Map<String, Long> held,
      Set<String> released,
      Optional<InFlightBatch> finished) {
    long maxEventTime =
        Math.max(
            maxEventTimeMillis,
            current.map(ShardRecord::maxEventTimeMillis).orElse(Long.MIN_VALUE));
    Map<String, Long> holds = new TreeMap<>(current.map(ShardRecord::holds).orElse(Map.of()));
    holds.keySet().removeAll(released);
    held.forEach((key, millis) -> holds.merge(key, millis, Math::min));
    List<InFlightBatch> leases = current.map(ShardRecord::leases).orElse(List.of());
    if (finished.isPresent()) {
      leases = InFlightBatches.finished(leases, finished.get());
    }
    long hold = holds.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    for (InFlightBatch lease : leases) {
      hold = Math.min(hold, lease.earliestEventMillis());
    }
    long watermark =
        Math.max(
            Math.min(policy.watermarkMillis(maxEventTime, latestArrivalMillis), hold),
            current.map(ShardRecord::watermarkMillis).orElse(Long.MIN_VALUE));
    return new ShardRecord(
        shardId,
        watermark,
        maxEventTime,
        SequenceNumbers.max(
            current.map(ShardRecord::lastSequenceNumber).orElse(null), lastSequenceNumber),
        current.map(ShardRecord::parentShardIds).orElse(List.of()),
        current.map(ShardRecord::closed).orElse(false),
        holds,
        leases,
        current.map(ShardRecord::verified).orElse(null));
  }

  /**
   * The shard's record with {@code batch} in flight: written before the batch's work begins, so
   * that whatever becomes of the invocation its records hold the watermark until a retry finishes
   * them. A shard without a record yet gets one, with no watermark.
   */
  public static ShardRecord opened(
      String shardId, Optional<ShardRecord> current, InFlightBatch batch) {
    ShardRecord shard =
        current.orElseGet(
            () ->
                new ShardRecord(
                    shardId, Long.MIN_VALUE, Long.MIN_VALUE, null, List.of(), false, Map.of()));
    return shard.withLeases(InFlightBatches.opened(shard.leases(), batch));
  }

  /** The shard's record with the holds of {@code keys} released (their records dead-lettered). */
  public static ShardRecord released(ShardRecord current, Set<String> keys) {
    Map<String, Long> holds = new TreeMap<>(current.holds());
    holds.keySet().removeAll(keys);
    return new ShardRecord(
        current.shardId(),
        current.watermarkMillis(),
        current.maxEventTimeMillis(),
        current.lastSequenceNumber(),
        current.parentShardIds(),
        current.closed(),
        holds,
        current.leases(),
        current.verified());
  }

  /**
   * The shard as far as a sweep has verified it, for a shard several lanes read: its watermark
   * follows only the prefix of its records found handled in order (never past a record a lane has
   * not finished, or not even started, whatever the other lanes have read), it has been read as far
   * as that prefix (so it is caught up only when nothing follows it), and it counts as closed only
   * once the prefix reaches the furthest record any lane processed. With one lane the shard's
   * record already says all this.
   */
  public static ShardRecord verifiedView(ShardRecord shard, WatermarkPolicy policy) {
    VerifiedPrefix verified = shard.verified();
    long followed =
        verified == null
            ? Long.MIN_VALUE
            : policy.watermarkMillis(verified.maxEventTimeMillis(), verified.latestArrivalMillis());
    boolean closed = shard.closed() && shard.verifiedThroughLast();
    return new ShardRecord(
        shard.shardId(),
        Math.min(shard.watermarkMillis(), followed),
        shard.maxEventTimeMillis(),
        verified == null ? null : verified.sequenceNumber(),
        shard.parentShardIds(),
        closed,
        shard.holds(),
        shard.leases(),
        verified);
  }

  /**
   * The global watermark a sweep may move to: the minimum over open shards, where a shard that is
   * caught up counts as if an event at {@code idleClockMillis} had just arrived, up to its holds
   * (so idle shards advance with the clock and never stall windows, but never past records to be
   * processed again), and a shard never counts below the parents it was split or merged from (as
   * far as their data went: an ended parent read to its end is not idle, and does not carry its
   * children to the clock past records of theirs still to be processed).
   *
   * @param idleClockMillis the sweep's clock less the pipeline's idle shard timeout: a shard that
   *     went quiet moves on only once the timeout has passed
   */
  public static OptionalLong global(
      List<ShardRecord> shards,
      ShardActivity activity,
      WatermarkPolicy policy,
      long idleClockMillis) {
    java.util.Map<String, Long> own = new java.util.HashMap<>();
    for (ShardRecord shard : shards) {
      long watermark = Math.min(shard.watermarkMillis(), shard.holdMillis());
      // A batch in flight has records a lane has not finished: the shard is not caught up, whatever
      // a read past the furthest lane finds. A closed shard is not idle but ended: its children
      // count from its data, never from the clock (a child's records are only newer than its
      // parent's, and may not be processed yet).
      if (!shard.closed() && !shard.hasBatchesInFlight() && activity.isCaughtUp(shard)) {
        // Idle, but never past records that failed and will be processed again.
        watermark =
            Math.max(
                watermark,
                Math.min(
                    policy.watermarkMillis(idleClockMillis, idleClockMillis), shard.holdMillis()));
      }
      own.put(shard.shardId(), watermark);
    }
    return shards.stream()
        .filter(shard -> !shard.closed())
        .mapToLong(
            shard -> {
              long watermark = own.get(shard.shardId());
              for (String parent : shard.parentShardIds()) {
                watermark = Math.max(watermark, own.getOrDefault(parent, Long.MIN_VALUE));
              }
              return watermark;
            })
        .min();
  }
}
