package dev.weir.functions.adapters;

import dev.weir.store.InFlightBatch;
import dev.weir.store.SequenceNumbers;
import dev.weir.store.ShardRecord;
import dev.weir.store.ShardStore;
import dev.weir.watermark.InFlightBatches;
import dev.weir.watermark.ShardTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Reads the stream's shards with {@code ListShards}: gives each shard a record (so one that has no
 * progress yet holds the global watermark), records each child's parents, and marks a shard closed
 * once it has ended and its last record has been processed. "Processed to its end" is what Kinesis
 * and KCL signal, a read after the last processed record that returns nothing and no next iterator:
 * a closed shard's ending sequence number need not be one a record ever had. The record of a closed
 * shard the stream no longer lists (Kinesis lists a closed shard while its records are retained) is
 * deleted: nothing of it can be read any more.
 *
 * <p>A sweep never releases what bundles hold: a shard's record keeps its progress, the holds of
 * its failed keys and the leases of its batches in flight; a shard with a batch in flight is not
 * closed. Only a lease whose records no retry can deliver any more (they arrived longer ago than
 * the input stream keeps records: the event source gave the batch up) is dropped here.
 */
public final class KinesisShardTopology implements ShardTopology {
  /** Kinesis' clock and ours may differ: a lease is dropped only this long after retention. */
  static final Duration CLOCK_MARGIN = Duration.ofHours(1);

  private final KinesisClient kinesis;
  private final String streamName;
  private final Duration retention;
  private final Clock clock;

  /** A topology for a stream that keeps records 24 hours (Kinesis' default). */
  public KinesisShardTopology(KinesisClient kinesis, String streamName) {
    this(kinesis, streamName, Duration.ofHours(24), Clock.systemUTC());
  }

  /**
   * @param retention how long the input stream keeps records: a batch in flight whose records
   *     arrived longer ago cannot be retried, and its lease stops holding the watermark
   */
  public KinesisShardTopology(
      KinesisClient kinesis, String streamName, Duration retention, Clock clock) {
    this.kinesis = kinesis;
    this.streamName = streamName;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public void refresh(ShardStore store) {
    List<Shard> listed = listShards();
    Set<String> listedIds = new HashSet<>();
    for (Shard shard : listed) {
      listedIds.add(shard.shardId());
      List<String> parents = parentsOf(shard);
      String ending = shard.sequenceNumberRange().endingSequenceNumber();
      Optional<ShardRecord> current = store.shard(shard.shardId());
      ShardRecord record =
          current.orElse(
              new ShardRecord(
                  shard.shardId(), Long.MIN_VALUE, Long.MIN_VALUE, null, parents, false));
      List<InFlightBatch> leases = InFlightBatches.unexpired(record.leases(), leaseCutoffMillis());
      boolean finished =
          ending != null
              && !record.closed()
              && leases.isEmpty() // a lane has not finished its batch: not processed to its end
              && readToItsEnd(record, ending);
      ShardRecord updated =
          record.withTopology(parents, record.closed() || finished).withLeases(leases);
      // A shard without progress yet gets a record too, with no watermark: until its first bundle
      // commits (its first bundles may be failing, or waiting behind a backlog) it holds the
      // global watermark, unless it has nothing to read.
      if (current.isEmpty() || !updated.equals(record)) {
        // Conditional on what was read: a bundle's progress written meanwhile is not overwritten
        // (the next sweep tries again).
        store.replaceShard(current, updated);
      }
    }
    for (ShardRecord record : store.shards()) {
      if (record.closed() && !listedIds.contains(record.shardId())) {
        store.removeShard(record); // conditional: a sweep racing this one may have removed it
      }
    }
  }

  private long leaseCutoffMillis() {
    return clock.millis() - retention.plus(CLOCK_MARGIN).toMillis();
  }

  /** The shards {@code shard} was split or merged from (none for an original shard). */
  public static List<String> parentsOf(Shard shard) {
    List<String> parents = new ArrayList<>();
    if (shard.parentShardId() != null) {
      parents.add(shard.parentShardId());
    }
    if (shard.adjacentParentShardId() != null) {
      parents.add(shard.adjacentParentShardId());
    }
    return parents;
  }

  private boolean readToItsEnd(ShardRecord shard, String ending) {
    if (shard.lastSequenceNumber() != null
        && SequenceNumbers.compare(shard.lastSequenceNumber(), ending) >= 0) {
      return true;
    }
    try {
      GetRecordsResponse read =
          ShardReads.firstUnprocessed(
              kinesis, streamName, shard.shardId(), shard.lastSequenceNumber());
      return read.records().isEmpty() && read.nextShardIterator() == null;
    } catch (ResourceNotFoundException gone) {
      return true; // expired: nothing left in it to process
    } catch (SdkException unknown) {
      // Cannot tell now (throttled, ...): the shard stays open, holding the watermark; the next
      // sweep asks again.
      System.err.println("cannot tell whether shard " + shard.shardId() + " ended: " + unknown);
      return false;
    }
  }

  private List<Shard> listShards() {
    List<Shard> shards = new ArrayList<>();
    ListShardsResponse page = kinesis.listShards(r -> r.streamName(streamName));
    shards.addAll(page.shards());
    while (page.nextToken() != null) {
      String token = page.nextToken();
      page = kinesis.listShards(r -> r.nextToken(token));
      shards.addAll(page.shards());
    }
    return shards;
  }
}
