package dev.weir.sink;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * One output of the DoFn.
 *
 * @param id deterministic: derived from pipeline, key, window, cause (record or timer) and index,
 *     so a replay emits the same id and consumers can drop duplicates
 * @param keyId the key whose work output it, as the store files it (the key coder's bytes in
 *     URL-safe base64, see {@code dev.weir.state.KeyIds}); empty for an output of the bundle's own
 *     ({@code @FinishBundle})
 */
public record EngineOutput<OutputT>(
    String id, OutputT value, Instant timestamp, BoundedWindow window, String keyId) {}
