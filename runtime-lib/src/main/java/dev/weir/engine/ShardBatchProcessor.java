package dev.weir.engine;

import dev.weir.sink.DeadLetter;
import dev.weir.sink.DeadLetters;
import dev.weir.store.AttemptLedger;
import dev.weir.store.KeyLimitException;
import dev.weir.store.SequenceNumbers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.joda.time.Instant;

/**
 * The use case the processor function runs: one Kinesis batch of one shard, with retries and dead
 * letters, under Lambda's partial-failure contract: records the engine rejected (undecodable,
 * written with another partition key than their key's, bad timer ticks) are dead-lettered at once,
 * with the kind of rejection as the reason; a key whose DoFn failed is retried (by reporting its
 * first record as failed, so Lambda replays from there; exactly-once state makes the replay of
 * other keys' records harmless). A record the DoFn kept failing on is given up by the engine after
 * {@code maxAttempts} ({@code failing-record}) and the key's other records go on; a key that fails
 * otherwise (in {@code @FinishBundle}, or its commit kept conflicting) has all its records of the
 * batch dead-lettered after {@code maxAttempts} ({@code failing-key}) so the shard moves on, and
 * then marked applied in the key's header alone, so that no replay dead-letters them again; a key
 * past one of its bounds ({@code state-too-large}) at once, as no attempt could get it through.
 * Records and timers the engine gives up are dead-lettered before their key's commit ({@link
 * DeadLetteringGivenUp}). Late records went to the late-data stream inside the engine, before their
 * keys' commits. What the store, the output stream, the Scheduler or the dead-letter queue throws
 * is not a key's failure: it propagates, the invocation fails, and Lambda retries the batch whole
 * with backoff, dead-lettering nothing.
 */
public final class ShardBatchProcessor<V> {
  /** What the handler reports: the sequence number Lambda should replay from, if any. */
  public record Outcome(Optional<String> replayFrom, int processed, int deadLettered, int late) {}

  private final WeirEngine<?, V, ?> engine;
  private final DeadLetters deadLetters;
  private final AttemptLedger attempts;
  private final int maxAttempts;
  private final String stream;

  /**
   * @param stream the input stream, named in dead letters so a cut one's record can be read again
   */
  public ShardBatchProcessor(
      WeirEngine<?, V, ?> engine,
      String stream,
      DeadLetters deadLetters,
      AttemptLedger attempts,
      int maxAttempts) {
    this.engine = engine;
    this.deadLetters = deadLetters;
    this.attempts = attempts;
    this.maxAttempts = maxAttempts;
    this.stream = stream;
  }

  public Outcome process(String shardId, List<InputRecord> records, Instant now) {
    BundleResult<V> result = engine.processBundle(shardId, records, now);
    List<DeadLetter> letters = new ArrayList<>();
    for (RejectedRecord rejected : result.rejected()) {
      letters.add(
          letter(rejected.kind().label(), shardId, rejected.record(), null, rejected.reason()));
    }
    List<String> retry = new ArrayList<>();
    Map<String, List<InputRecord>> givenUp = new LinkedHashMap<>();
    for (FailedKey failed : result.failedKeys()) {
      if (failed.records().isEmpty()) {
        // Only ticked (or its records were applied before): its timers stay pending and the next
        // sweep ticks it again.
        System.err.println(
            "timers of key " + failed.keyId() + " failed, left pending: " + failed.error());
        continue;
      }
      if (failed.error() instanceof KeyLimitException limit) {
        // Past a bound of its key, as every attempt would be: its records are given up now.
        givenUp.put(failed.keyId(), failed.records());
        for (InputRecord record : failed.records()) {
          letters.add(
              letter(
                  limit.limit().reason(),
                  shardId,
                  record,
                  failed.keyId(),
                  DeadLetter.describe(limit)));
        }
        continue;
      }
      InputRecord first =
          failed.records().stream()
              .min(Comparator.comparing(InputRecord::sequenceNumber, SequenceNumbers::compare))
              .orElseThrow();
      if (failed.attemptCounted()) {
        retry.add(first.sequenceNumber()); // the engine gives the failing record up itself
      } else if (attempts.recordFailure(shardId, first.sequenceNumber()) >= maxAttempts) {
        givenUp.put(failed.keyId(), failed.records());
        for (InputRecord record : failed.records()) {
          letters.add(
              letter(
                  "failing-key",
                  shardId,
                  record,
                  failed.keyId(),
                  DeadLetter.describe(failed.error())));
        }
      } else {
        retry.add(first.sequenceNumber());
      }
    }
    if (!letters.isEmpty()) {
      deadLetters.send(letters);
    }
    // After the letters are sent: until then the records may still come back. Marked applied,
    // they never come back: a replay of the batch skips them rather than sending their letters
    // again.
    givenUp.forEach((keyId, lettered) -> engine.markDeadLettered(shardId, keyId, lettered));
    engine.releaseHolds(shardId, givenUp.keySet());
    return new Outcome(
        retry.stream().min(SequenceNumbers::compare),
        result.processed(),
        letters.size(),
        result.late().size());
  }

  private DeadLetter letter(
      String reason, String shardId, InputRecord record, String keyId, String error) {
    return Letters.record(reason, stream, shardId, record, keyId, error);
  }
}
