package dev.weir.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;

/** Coder helpers that turn Beam's checked coding exceptions into clear unchecked ones. */
public final class Coding {
  private static final Base64.Encoder SUB_KEY = Base64.getUrlEncoder().withoutPadding();

  private Coding() {}

  public static <T> byte[] encode(Coder<T> coder, T value) {
    try {
      return CoderUtils.encodeToByteArray(coder, value);
    } catch (CoderException e) {
      throw new IllegalStateException("cannot encode " + value + " with " + coder, e);
    }
  }

  public static <T> T decode(Coder<T> coder, byte[] bytes) {
    try {
      return CoderUtils.decodeFromByteArray(coder, bytes);
    } catch (CoderException e) {
      throw new IllegalStateException("cannot decode stored bytes with " + coder, e);
    }
  }

  /** Writes {@code value} in the nested context, so more values may follow. */
  public static <T> void encodeNested(Coder<T> coder, T value, ByteArrayOutputStream out) {
    try {
      coder.encode(value, out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + value + " with " + coder, e);
    }
  }

  /** Reads one value written by {@link #encodeNested}. */
  public static <T> T decodeNested(Coder<T> coder, InputStream in) {
    try {
      return coder.decode(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot decode stored bytes with " + coder, e);
    }
  }

  public static InputStream input(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  /** A store sub-key naming a value by its encoding; equal encodings give equal sub-keys. */
  public static <T> String subKeyOf(Coder<T> coder, T value) {
    return SUB_KEY.encodeToString(encode(coder, value));
  }
}
