package dev.weir.local.faults;

import dev.weir.functions.adapters.KinesisOutputSink;
import dev.weir.functions.adapters.KinesisWriter;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.EnrichedEventCoder;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.local.demo.OutputReader;
import dev.weir.local.stack.EmulatedStack;
import dev.weir.sink.DeadLetter;
import dev.weir.sink.RecordData;
import dev.weir.state.KeyIds;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * The bad-input catalogue: records of each class written into a running batched-RPC round with the
 * partition keys of good keys (so into the shards and keys of good traffic), and what became of
 * each: dead-lettered (found by the digest of its bytes, with the reason), dropped as late, output
 * (found by its event id; bad events have negative ids), or, for the key whose enrichment fails
 * ({@link PoisonKeyPipeline}), held in a timer given up and dead-lettered as {@code failing-timer}.
 */
public final class BadInputs {
  /**
   * One bad record as written, with the SHA-256 of its bytes (how letters and late ones name it).
   */
  record Sent(String inputClass, String partitionKey, byte[] data, long eventId, String digest) {
    Sent(String inputClass, String partitionKey, byte[] data, long eventId) {
      this(inputClass, partitionKey, data, eventId, RecordData.sha256Of(data));
    }
  }

  /**
   * What became of one class's records; {@code unaccounted} must end at zero.
   *
   * @param inGivenUpTimers events of the key whose enrichment fails that were held in its buffer
   *     when the timer flushing it was given up (dead-lettered as {@code failing-timer}, by key and
   *     window)
   */
  public record Outcome(
      long sent,
      long deadLettered,
      Map<String, Long> deadLetteredByReason,
      long late,
      long output,
      long inGivenUpTimers) {
    public long unaccounted() {
      return sent - deadLettered - late - output - inGivenUpTimers;
    }
  }

  /** How long, once every good event is accounted for, the bad inputs may take. */
  private static final long TIMEOUT_MILLIS = 180_000;

  private static final int PER_CLASS = 3;
  private static final int POISON_EVENTS = 12;
  private static final long YEAR = 365L * 24 * 3_600_000;

  private BadInputs() {}

  /**
   * The catalogue for a round whose good events are keyed by {@code keys} and lie in the ten
   * minutes from {@code baseMillis} (the demo's): "on time" bad events lie at its middle, where the
   * stream is when a round writes them (between its halves). Any later, and a bad event ahead of
   * the good events still to come would carry the watermark past them: by the watermark policy they
   * would be late, though the oracle counts them as generated on time.
   */
  static List<Sent> generate(long seed, List<String> keys, long baseMillis, long nowMillis) {
    SplittableRandom random = new SplittableRandom(seed);
    long onTime = baseMillis + 5 * 60_000;
    long[] id = {0};
    List<Sent> sent = new ArrayList<>();
    for (int i = 0; i < PER_CLASS; i++) {
      String key = keys.get(random.nextInt(keys.size()));
      byte[] garbage = new byte[100 + random.nextInt(2_000)];
      random.nextBytes(garbage);
      garbage[0] = (byte) 0xff; // never JSON
      sent.add(new Sent("undecodable-bytes", key, garbage, 0));
      sent.add(new Sent("empty-record", key, new byte[0], 0));
      sent.add(event("one-mebibyte-record", key, --id[0], onTime, "m".repeat(1_000_000)));
      sent.add(event("key-beyond-dynamodb-key-limits", "鍵".repeat(256), --id[0], onTime, "k"));
      sent.add(event("event-time-far-future", key, --id[0], nowMillis + YEAR, "f"));
      sent.add(event("event-time-in-microseconds", key, --id[0], nowMillis * 1_000, "u"));
      sent.add(event("event-time-far-past", key, --id[0], 946_684_800_000L, "p"));
      sent.add(event("event-time-negative", key, --id[0], -5_000 - i, "n"));
      sent.add(event("key-coder-throws", PoisonKeyPipeline.UNENCODABLE_KEY, --id[0], onTime, "c"));
      long nullKeyId = --id[0];
      sent.add(
          new Sent(
              "null-key",
              key,
              ("{\"key\":null,\"id\":"
                      + nullKeyId
                      + ",\"eventTimeMillis\":"
                      + onTime
                      + ",\"payload\":\"x\"}")
                  .getBytes(StandardCharsets.UTF_8),
              nullKeyId));
    }
    for (int i = 0; i < POISON_EVENTS; i++) {
      sent.add(
          event(
              "enrichment-fails-for-key",
              PoisonKeyPipeline.KEY,
              --id[0],
              onTime + i * 1_000L,
              "poisoned-" + i));
    }
    return sent;
  }

  private static Sent event(String inputClass, String key, long id, long time, String payload) {
    return new Sent(
        inputClass, key, BatchedRpcPipeline.encode(new Event(key, id, time, payload)), id);
  }

  static void write(EmulatedStack stack, List<Sent> sent) {
    KinesisWriter writer = new KinesisWriter(stack.kinesis(), stack.inputStream());
    for (Sent record : sent) {
      // One at a time: a 1 MiB record is a PutRecords call of its own anyway.
      writer.write(List.of(new KinesisWriter.Entry(record.partitionKey(), record.data())));
    }
  }

  /** What became of each class so far, given the event ids seen on the output stream. */
  static Map<String, Outcome> account(
      List<Sent> sent, EmulatedStack stack, Collection<Long> outputEventIds) {
    Map<String, DeadLetter> letters = new TreeMap<>();
    boolean poisonTimerGivenUp = false;
    // The key's id as the round's pipeline encodes it (its key coder is not plain UTF-8).
    String poisonKeyId =
        new KeyIds<>(new PoisonKeyPipeline().pipeline().keyCoder()).idOf(PoisonKeyPipeline.KEY);
    for (DeadLetter letter : stack.deadLetters()) {
      if (letter.data() != null) {
        letters.putIfAbsent(letter.data().sha256(), letter);
      } else if (letter.timer() != null && poisonKeyId.equals(letter.keyId())) {
        poisonTimerGivenUp = true;
      }
    }
    Set<String> late = Set.copyOf(stack.lateDigests().values());
    Set<Long> output = Set.copyOf(outputEventIds);
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, Map<String, Long>> reasons = new TreeMap<>();
    for (Sent record : sent) {
      long[] c = counts.computeIfAbsent(record.inputClass(), k -> new long[5]);
      Map<String, Long> byReason =
          reasons.computeIfAbsent(record.inputClass(), k -> new TreeMap<>());
      String digest = record.digest();
      c[0]++;
      if (letters.containsKey(digest)) {
        c[1]++;
        byReason.merge(letters.get(digest).reason(), 1L, Long::sum);
      } else if (late.contains(digest)) {
        c[2]++;
      } else if (record.eventId() != 0 && output.contains(record.eventId())) {
        c[3]++;
      } else if (poisonTimerGivenUp && record.partitionKey().equals(PoisonKeyPipeline.KEY)) {
        c[4]++;
      }
    }
    Map<String, Outcome> outcomes = new TreeMap<>();
    counts.forEach(
        (inputClass, c) ->
            outcomes.put(
                inputClass,
                new Outcome(c[0], c[1], Map.copyOf(reasons.get(inputClass)), c[2], c[3], c[4])));
    return outcomes;
  }

  /**
   * Waits until every bad input of the round is accounted for (or the timeout), reading the output
   * stream for the event ids of those that were output.
   */
  static Map<String, Outcome> await(
      EmulatedStack stack, List<BadInputs.Sent> sent, PrintStream progress) {
    OutputReader reader = new OutputReader(stack.kinesis(), stack.outputStream());
    Set<Long> output = new HashSet<>();
    long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
    while (true) {
      try {
        for (KinesisOutputSink.Envelope envelope : reader.poll()) {
          output.add(
              CoderUtils.decodeFromByteArray(
                      EnrichedEventCoder.of(), Base64.getDecoder().decode(envelope.value()))
                  .event()
                  .id());
        }
        Map<String, Outcome> outcomes = account(sent, stack, output);
        long unaccounted = outcomes.values().stream().mapToLong(Outcome::unaccounted).sum();
        if (unaccounted == 0 || System.currentTimeMillis() > deadline) {
          progress.println("weir faults: bad inputs " + outcomes);
          return outcomes;
        }
        progress.println("weir faults: waiting for " + unaccounted + " bad inputs");
        Thread.sleep(1_000);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
