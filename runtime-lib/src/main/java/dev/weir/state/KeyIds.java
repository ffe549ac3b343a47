package dev.weir.state;

import java.util.Base64;
import org.apache.beam.sdk.coders.Coder;

/**
 * Keys in the store are the key coder's bytes in URL-safe base64: reversible (timers hand the
 * original key back to {@code @OnTimer}) and free of the separators the stores use.
 */
public final class KeyIds<K> {
  /**
   * The longest key id (48 KiB of encoded key): every item of a key, its header and each of its
   * timers, carries the id whole, and an item holds 400 KB with the key's state and timer besides.
   * A record whose key is longer is dead-lettered ({@code key-too-large}) before any work on it.
   */
  public static final int MAX_KEY_ID_LENGTH = 64 * 1024;

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
