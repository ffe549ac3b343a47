package dev.weir.state;

import java.util.Base64;
import org.apache.beam.sdk.coders.Coder;

/**
 * Keys in the store are the key coder's bytes in URL-safe base64: reversible (timers hand the
 * original key back to {@code @OnTimer}) and free of the separators the stores use.
 */
public final class KeyIds<K> {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private final Coder<K> keyCoder;

  public KeyIds(Coder<K> keyCoder) {
    this.keyCoder = keyCoder;
  }

  public String idOf(K key) {
    return ENCODER.encodeToString(Coding.encode(keyCoder, key));
  }

  public K keyOf(String keyId) {
    return Coding.decode(keyCoder, DECODER.decode(keyId));
  }
}
