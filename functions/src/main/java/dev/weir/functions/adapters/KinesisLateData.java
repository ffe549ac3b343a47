package dev.weir.functions.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.engine.LateElement;
import dev.weir.sink.RecordData;
import java.util.List;
import java.util.function.Consumer;

/**
 * Late elements as JSON envelopes on the late-data stream, with the key's partition key: {@code
 * {"sequenceNumber", "timestamp", "window", "data": {"base64", "bytes", "sha256", "complete"}}}. A
 * record near Kinesis's 1 MiB does not fit one record once base64'd, so its envelope carries the
 * record's first KiB with its size and digest (see {@link RecordData}): a late record too large to
 * forward whole must not fail its invocation on every retry.
 */
public final class KinesisLateData<V> implements Consumer<List<LateElement<V>>> {
  /** Kinesis takes 1 MiB per record, partition key included (at most 256 chars). */
  static final int MAX_ENVELOPE_BYTES = 1024 * 1024 - 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final KinesisWriter writer;

  /** The envelope of one late element. */
  record Envelope(String sequenceNumber, long timestamp, String window, RecordData data) {}

  public KinesisLateData(KinesisWriter writer) {
    this.writer = writer;
  }

  @Override
  public void accept(List<LateElement<V>> late) {
    writer.write(
        late.stream()
            .map(e -> new KinesisWriter.Entry(e.record().partitionKey(), envelope(e)))
            .toList());
  }

  static byte[] envelope(LateElement<?> element) {
    Envelope whole =
        new Envelope(
            element.record().sequenceNumber(),
            element.timestamp().getMillis(),
            element.window().toString(),
            RecordData.whole(element.record().data()));
    byte[] json = json(whole);
    if (json.length <= MAX_ENVELOPE_BYTES) {
      return json;
    }
    return json(
        new Envelope(
            whole.sequenceNumber(), whole.timestamp(), whole.window(), whole.data().cut()));
  }

  private static byte[] json(Envelope envelope) {
    try {
      return JSON.writeValueAsBytes(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
