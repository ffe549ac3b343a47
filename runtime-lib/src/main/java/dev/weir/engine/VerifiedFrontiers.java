package dev.weir.engine;

import dev.weir.pipeline.WeirPipeline;
import dev.weir.store.KeyHeader;
import dev.weir.store.ShardRecord;
import dev.weir.store.ShardStore;
import dev.weir.store.StateStore;
import dev.weir.store.VerifiedPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Moves each shard's verified prefix ({@link VerifiedPrefix}) over the records its lanes have
 * handled, in the shard's order, for shards several lanes read. A sweep reads the shard after the
 * prefix, decodes each record as the processor does, and stops at the first one still to be
 * handled: a record is handled once its key's header shows it applied (committed, skipped as late,
 * or given up and dead-lettered: every record a key handled is marked applied), or if it has no
 * event time to wait for (a tick, or a record the processor rejects unread). A key's records all
 * come from one partition key, so one lane, in order: its header's highest applied sequence number
 * tells which are done.
 *
 * <p>Costs, per shard and sweep, a read of a hundred records after the prefix, and of what follows
 * them only when they are all handled; and one header read per distinct key among the records
 * walked, a hundred headers to a request, only as far as the prefix gets. What the read found of
 * the shard's tip tells the sweep whether the shard is caught up, without reading it again.
 */
final class VerifiedFrontiers<K, V> {
  /** The most records one sweep reads of a shard: Kinesis' largest {@code GetRecords}. */
  static final int RECORDS_PER_SWEEP = 10_000;

  /**
   * Records read first: while a lane is behind, the prefix stops early in the same place sweep
   * after sweep, and only a probe this small is read again; the rest is read only if the probe is
   * all handled (each read counts against the shard's five reads a second, shared with the lanes).
   */
  static final int PROBE_RECORDS = 100;

  /** Headers read in one request (DynamoDB's {@code BatchGetItem} takes 100 keys). */
  static final int HEADERS_PER_READ = 100;

  /** A sweep racing lanes for the shard's record tries this often to write the prefix. */
  static final int MAX_WRITE_ATTEMPTS = 10;

  /**
   * What a sweep found of one shard.
   *
   * @param prefix the prefix verified, null if none yet
   * @param caughtUp true if the stream held nothing after it when read: every record is handled
   */
  record Verified(VerifiedPrefix prefix, boolean caughtUp) {}

  private final RecordDecoder<K, V> decoder;
  private final RecordKeys<K> recordKeys;
  private final StateStore state;
  private final ShardStore shards;

  VerifiedFrontiers(WeirPipeline<K, V, ?> pipeline, StateStore state, ShardStore shards) {
    this.decoder = new RecordDecoder<>(pipeline);
    this.recordKeys = new RecordKeys<>(pipeline);
    this.state = state;
    this.shards = shards;
  }

  /**
   * Verifies every shard whose records may still hold the watermark (open, or closed with records
   * not yet verified). A shard the stream or the store cannot answer for now keeps its prefix: its
   * watermark waits, it never runs ahead.
   *
   * @return by shard id, whether each shard verified now was caught up (the sweep need not read the
   *     shard again to tell); shards not verified now are absent
   */
  Map<String, Boolean> advance(ShardTail tail) {
    Map<String, Boolean> caughtUp = new HashMap<>();
    for (ShardRecord shard : shards.shards()) {
      if (shard.closed() && shard.verifiedThroughLast()) {
        continue;
      }
      try {
        Verified verified = verify(shard, tail);
        if (verified.prefix() != null && !verified.prefix().equals(shard.verified())) {
          record(shard, verified.prefix());
        }
        caughtUp.put(shard.shardId(), verified.caughtUp());
      } catch (RuntimeException unknown) {
        System.err.println(
            "cannot verify the records of shard " + shard.shardId() + " now: " + unknown);
      }
    }
    return caughtUp;
  }

  /**
   * The shard's prefix extended over the records handled after it: a probe first, then, if the
   * probe is all handled and the shard holds more, the rest up to {@link #RECORDS_PER_SWEEP}.
   */
  Verified verify(ShardRecord shard, ShardTail tail) {
    Map<String, KeyHeader> headers = new HashMap<>();
    VerifiedPrefix prefix = shard.verified();
    int limit = PROBE_RECORDS;
    int left = RECORDS_PER_SWEEP;
    while (true) {
      ShardTail.Read read =
          tail.after(shard.shardId(), prefix == null ? null : prefix.sequenceNumber(), limit);
      Walk walk = walk(shard.shardId(), read.records(), prefix, headers);
      prefix = walk.prefix();
      left -= read.records().size();
      if (!walk.passedAll() || read.atTip() || left <= 0 || read.records().isEmpty()) {
        return new Verified(prefix, walk.passedAll() && read.atTip());
      }
      limit = left;
    }
  }

  /**
   * How far a walk over records got.
   *
   * @param passedAll true if every record walked over is handled
   */
  private record Walk(VerifiedPrefix prefix, boolean passedAll) {}

  /** Extends {@code prefix} over {@code records} in order while each is handled. */
  private Walk walk(
      String shardId,
      List<InputRecord> records,
      VerifiedPrefix prefix,
      Map<String, KeyHeader> headers) {
    List<DecodedRecord<K, V>> decoded = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    decoder.decode(shardId, records, decoded, rejected, new ArrayList<>());
    Map<String, DecodedRecord<K, V>> bySequence = new HashMap<>();
    decoded.forEach(record -> bySequence.put(record.record().sequenceNumber(), record));
    Set<String> rejectedSequences = new HashSet<>();
    rejected.forEach(record -> rejectedSequences.add(record.record().sequenceNumber()));
    List<String> keyIdsInOrder = new ArrayList<>(records.size());
    for (InputRecord record : records) {
      keyIdsInOrder.add(keyIdOf(bySequence.get(record.sequenceNumber())));
    }
    for (int i = 0; i < records.size(); i++) {
      InputRecord record = records.get(i);
      String sequence = record.sequenceNumber();
      String keyId = keyIdsInOrder.get(i);
      if (keyId == null) {
        // A tick, or a record the processor rejects before any key's work: nothing to wait for. A
        // rejected record's arrival counts, as the processor counts it in the shard's progress.
        long arrival =
            rejectedSequences.contains(sequence) || bySequence.containsKey(sequence)
                ? record.arrivalTime().getMillis()
                : Long.MIN_VALUE;
        prefix = VerifiedPrefix.through(prefix, sequence, Long.MIN_VALUE, arrival);
        continue;
      }
      if (!headers.containsKey(keyId)) {
        headers.putAll(state.readHeaders(nextKeys(keyIdsInOrder, i, headers)));
      }
      if (!headers.get(keyId).hasApplied(shardId, sequence)) {
        // A lane has not finished it (or its key failed and will retry it): the prefix ends here.
        // Not even a held key's records are passed: its hold goes when its failed records are
        // given up, and its later records, which no lane may have started, would then hold nothing.
        return new Walk(prefix, false);
      }
      prefix =
          VerifiedPrefix.through(
              prefix,
              sequence,
              bySequence.get(sequence).timestamp().getMillis(),
              record.arrivalTime().getMillis());
    }
    return new Walk(prefix, true);
  }

  /** The key id the processor files a record under, or null if it rejects it (or a non-record). */
  private String keyIdOf(DecodedRecord<K, V> record) {
    return record == null ? null : recordKeys.idOf(record, new ArrayList<>());
  }

  /** Up to a request's worth of keys, from {@code from} on, whose headers are not read yet. */
  private static Set<String> nextKeys(
      List<String> keyIdsInOrder, int from, Map<String, KeyHeader> read) {
    Set<String> keys = new LinkedHashSet<>();
    for (int i = from; i < keyIdsInOrder.size() && keys.size() < HEADERS_PER_READ; i++) {
      String keyId = keyIdsInOrder.get(i);
      if (keyId != null && !read.containsKey(keyId)) {
        keys.add(keyId);
      }
    }
    return keys;
  }

  /**
   * Writes {@code prefix} into the shard's record, conditionally: lanes write the record all the
   * while, so a lost race reads it again and retries. What was verified stays true whatever they
   * wrote, and a prefix never moves back over one already written.
   */
  private void record(ShardRecord read, VerifiedPrefix prefix) {
    Optional<ShardRecord> current = Optional.of(read);
    for (int attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      if (current.isEmpty()
          || (current.get().verified() != null && !prefix.reaches(current.get().verified()))) {
        return;
      }
      if (shards.replaceShard(current, current.get().withVerified(prefix))) {
        return;
      }
      current = shards.shard(read.shardId());
    }
  }
}
