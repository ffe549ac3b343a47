package dev.weir.sink;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Instant;

/**
 * One output of the DoFn.
 *
 * @param id deterministic: derived from pipeline, key, window, cause (record or timer) and index,
 *     so a replay emits the same id and consumers can drop duplicates
 * @param keyId the key whose work output it, as the store files it (the key coder's bytes in
 *     URL-safe base64, see {@code dev.weir.state.KeyIds}); empty for an output of the bundle's own
 *     ({@code @FinishBundle})
 * @param tag null for the main output; else the additional output it went to, whose type {@code
 *     value} has (only a Beam runner declares additional outputs, with {@code OutputT} {@code
 *     Object}: the Lambda functions see main outputs only)
 */
public record EngineOutput<OutputT>(
    String id,
    OutputT value,
    Instant timestamp,
    BoundedWindow window,
    String keyId,
    TupleTag<?> tag) {

  /** An output to the main output. */
  public EngineOutput(
      String id, OutputT value, Instant timestamp, BoundedWindow window, String keyId) {
    this(id, value, timestamp, window, keyId, null);
  }

  public boolean isMain() {
    return tag == null;
  }
}
