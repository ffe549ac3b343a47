package dev.weir.functions.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.sink.EngineOutput;
import dev.weir.sink.OutputSink;
import java.util.Base64;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * Outputs as records of an output stream: a JSON envelope with the deterministic id (also the
 * partition key, so one id's duplicates land on one shard), timestamp, window, the value's encoding
 * (base64) and the key's id (its key coder's bytes, URL-safe base64).
 */
public final class KinesisOutputSink<OutputT> implements OutputSink<OutputT> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One output record, as consumers read it. */
  public record Envelope(String id, long timestamp, String window, String value, String keyId) {}

  private final KinesisWriter writer;
  private final Coder<OutputT> coder;

  public KinesisOutputSink(KinesisWriter writer, Coder<OutputT> coder) {
    this.writer = writer;
    this.coder = coder;
  }

  @Override
  public void emit(List<EngineOutput<OutputT>> outputs) {
    writer.write(outputs.stream().map(this::entry).toList());
  }

  private KinesisWriter.Entry entry(EngineOutput<OutputT> output) {
    try {
      byte[] value = CoderUtils.encodeToByteArray(coder, output.value());
      byte[] envelope =
          JSON.writeValueAsBytes(
              new Envelope(
                  output.id(),
                  output.timestamp().getMillis(),
                  output.window().toString(),
                  Base64.getEncoder().encodeToString(value),
                  output.keyId()));
      return new KinesisWriter.Entry(output.id(), envelope);
    } catch (JsonProcessingException | org.apache.beam.sdk.coders.CoderException e) {
      throw new IllegalStateException("cannot encode output " + output.id(), e);
    }
  }
}
