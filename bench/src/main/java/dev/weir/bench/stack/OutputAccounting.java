package dev.weir.bench.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.functions.adapters.KinesisOutputSink;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.EnrichedEventCoder;
import dev.weir.local.stack.StreamTail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.util.CoderUtils;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Which generated events have their output on the output stream, and how often, read as a consumer
 * would: Weir's outputs are envelopes whose id tells a record written twice from a second output
 * (its consumers keep one per id); the baselines write the encoded output alone, so each record is
 * an output. Events are the workload's, ids 1 to their count. Counts the records and their PUT
 * payload units too, to price them. Outputs that are not one per event (another pipeline's) are
 * only counted.
 */
final class OutputAccounting {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StreamTail tail;
  private final boolean envelopes;
  private final boolean perEvent;
  private final long events;
  private final Map<Long, Set<String>> outputsOfEvent = new HashMap<>();
  private long records;
  private long putPayloadUnits;

  /**
   * @param envelopes whether the contender writes Weir's envelopes (else encoded outputs alone)
   * @param perEvent whether outputs are the batched-RPC pipeline's, one per event; if not (the
   *     session example's outputs are per visit) records are counted, not matched to events
   * @param events how many events were generated
   */
  OutputAccounting(
      KinesisClient kinesis, String stream, boolean envelopes, boolean perEvent, long events) {
    this.tail = new StreamTail(kinesis, stream);
    this.envelopes = envelopes;
    this.perEvent = perEvent;
    this.events = events;
  }

  /** Reads what was written since the last call; returns how many records that was. */
  int poll() {
    int read = 0;
    for (byte[] data : tail.poll()) {
      read++;
      records++;
      putPayloadUnits += KinesisPricing.putPayloadUnits(data.length);
      if (!perEvent) {
        continue;
      }
      String id;
      byte[] encoded;
      if (envelopes) {
        KinesisOutputSink.Envelope envelope = envelope(data);
        id = envelope.id();
        encoded = Base64.getDecoder().decode(envelope.value());
      } else {
        id = "record-" + records;
        encoded = data;
      }
      long event = decode(encoded).event().id();
      if (event >= 1 && event <= events) {
        outputsOfEvent.computeIfAbsent(event, e -> new HashSet<>()).add(id);
      }
    }
    return read;
  }

  /** Whether every event has exactly one output. */
  boolean everyEventOutputOnce() {
    return eventsNeverOutput() == 0 && duplicateOutputs() == 0;
  }

  /** Events with no output (0 when outputs are not per event). */
  long eventsNeverOutput() {
    return perEvent ? events - outputsOfEvent.size() : 0;
  }

  long duplicateOutputs() {
    return outputsOfEvent.values().stream().mapToLong(ids -> ids.size() - 1).sum();
  }

  long records() {
    return records;
  }

  long putPayloadUnits() {
    return putPayloadUnits;
  }

  private static KinesisOutputSink.Envelope envelope(byte[] data) {
    try {
      return JSON.readValue(data, KinesisOutputSink.Envelope.class);
    } catch (IOException e) {
      throw new UncheckedIOException("an output record that is no envelope", e);
    }
  }

  private static EnrichedEvent decode(byte[] encoded) {
    try {
      return CoderUtils.decodeFromByteArray(EnrichedEventCoder.of(), encoded);
    } catch (org.apache.beam.sdk.coders.CoderException e) {
      throw new IllegalStateException("an output that does not decode", e);
    }
  }
}
