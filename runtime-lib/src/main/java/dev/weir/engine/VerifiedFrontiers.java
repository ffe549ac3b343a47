package dev.weir.engine;

import dev.weir.pipeline.WeirPipeline;
import dev.weir.state.KeyIds;
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
 * <p>Costs one read of the stream per shard and one header read per distinct key among the records
 * verified, each record verified once; headers are read a hundred at a time, only as far as the
 * prefix gets.
 */
final class VerifiedFrontiers<K, V> {
  /** The most records one sweep reads of a shard: Kinesis' largest {@code GetRecords}. */
  static final int RECORDS_PER_SWEEP = 10_000;

  /** Headers read in one request (DynamoDB's {@code BatchGetItem} takes 100 keys). */
  static final int HEADERS_PER_READ = 100;

  /** A sweep racing lanes for the shard's record tries this often to write the prefix. */
  static final int MAX_WRITE_ATTEMPTS = 10;

  private final RecordDecoder<K, V> decoder;
  private final KeyIds<K> keyIds;
  private final StateStore state;
  private final ShardStore shards;

  VerifiedFrontiers(WeirPipeline<K, V, ?> pipeline, StateStore state, ShardStore shards) {
    this.decoder = new RecordDecoder<>(pipeline);
    this.keyIds = new KeyIds<>(pipeline.keyCoder());
    this.state = state;
    this.shards = shards;
  }

  /**
   * Verifies every shard whose records may still hold the watermark (open, or closed with records
   * not yet verified). A shard the stream or the store cannot answer for now keeps its prefix: its
   * watermark waits, it never runs ahead.
   */
  void advance(ShardTail tail) {
    for (ShardRecord shard : shards.shards()) {
      if (shard.closed() && shard.verifiedPrefix().isPresent() && closedAndVerified(shard)) {
        continue;
      }
      try {
        verify(shard, tail).ifPresent(prefix -> record(shard, prefix));
      } catch (RuntimeException unknown) {
        System.err.println(
            "cannot verify the records of shard " + shard.shardId() + " now: " + unknown);
      }
    }
  }

  private static boolean closedAndVerified(ShardRecord shard) {
    return shard.lastSequenceNumber() == null
        || shard
            .verified()
            .reaches(
                new VerifiedPrefix(shard.lastSequenceNumber(), Long.MIN_VALUE, Long.MIN_VALUE));
  }

  /** The shard's prefix extended over the records handled after it, if any were. */
  Optional<VerifiedPrefix> verify(ShardRecord shard, ShardTail tail) {
    String shardId = shard.shardId();
    VerifiedPrefix from = shard.verified();
    List<InputRecord> records =
        tail.after(shardId, from == null ? null : from.sequenceNumber(), RECORDS_PER_SWEEP);
    if (records.isEmpty()) {
      return Optional.empty();
    }
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

    Map<String, KeyHeader> headers = new HashMap<>();
    VerifiedPrefix prefix = from;
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
        break;
      }
      prefix =
          VerifiedPrefix.through(
              prefix,
              sequence,
              bySequence.get(sequence).timestamp().getMillis(),
              record.arrivalTime().getMillis());
    }
    return prefix == null || prefix.equals(from) ? Optional.empty() : Optional.of(prefix);
  }

  /**
   * The key id the processor gives a decoded record, or null if it rejects it (or a non-record).
   */
  private String keyIdOf(DecodedRecord<K, V> record) {
    if (record == null) {
      return null;
    }
    try {
      return keyIds.idOf(record.key());
    } catch (RuntimeException | Error e) {
      return null; // the processor rejects a key its coder cannot encode
    }
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
