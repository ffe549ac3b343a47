package dev.weir.bench.engine;

import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One input record as a stream delivers it, the same for every engine: the producer's partition key
 * and the event's JSON bytes, exactly what the local stack's producer writes to Kinesis. Every
 * engine starts its timed run from these bytes, so decoding them is part of what it is timed for.
 */
public record StreamRecord(String partitionKey, byte[] data) {

  /** The records a producer writes for {@code events}: keyed by the event's key, JSON bytes. */
  public static List<StreamRecord> of(List<Event> events) {
    return events.stream()
        .map(event -> new StreamRecord(event.key(), BatchedRpcPipeline.encode(event)))
        .toList();
  }

  /** Decodes the record's JSON back into its event. */
  public Event event() {
    return decode(data);
  }

  /** Decodes one record's JSON into its event (what every engine does with the bytes). */
  public static Event decode(byte[] json) {
    try {
      return BatchedRpcPipeline.decode(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not an event", e);
    }
  }
}
