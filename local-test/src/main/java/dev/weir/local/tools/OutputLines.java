package dev.weir.local.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.functions.adapters.KinesisOutputSink;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.state.KeyIds;
import java.io.PrintStream;
import java.util.Base64;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;

/**
 * Prints output envelopes as JSON lines a person or {@code jq} can read: {@code {"id", "key",
 * "window", "timestamp", "value"}}, key and value decoded by the pipeline's coders.
 */
final class OutputLines<K, O> {
  private final KeyIds<K> keyIds;
  private final Coder<O> outputCoder;
  private final PrintStream out;

  OutputLines(WeirPipeline<K, ?, O> pipeline, PrintStream out) {
    this.keyIds = new KeyIds<>(pipeline.keyCoder());
    this.outputCoder = pipeline.outputCoder();
    this.out = out;
  }

  void print(KinesisOutputSink.Envelope envelope) {
    ObjectNode line = JsonValues.JSON.createObjectNode();
    line.put("id", envelope.id());
    String keyId = envelope.keyId();
    line.set("key", JsonValues.of(keyId == null || keyId.isEmpty() ? null : keyIds.keyOf(keyId)));
    line.put("window", envelope.window());
    line.put("timestamp", new Instant(envelope.timestamp()).toString());
    try {
      O value =
          CoderUtils.decodeFromByteArray(outputCoder, Base64.getDecoder().decode(envelope.value()));
      line.set("value", JsonValues.of(value));
      out.println(JsonValues.JSON.writeValueAsString(line));
    } catch (org.apache.beam.sdk.coders.CoderException | JsonProcessingException e) {
      throw new IllegalStateException("cannot decode output " + envelope.id(), e);
    }
  }
}
