package dev.weir.sink;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A record's bytes as a dead letter or a late-data envelope carries them: all of them, or, where
 * the destination's limit does not allow (SQS's 256 KiB message, Kinesis's 1 MiB record, and base64
 * adds a third), the first {@link #EXCERPT_BYTES} with the size and SHA-256 of the whole; the
 * record itself stays readable in its stream for the stream's retention.
 *
 * @param base64 the bytes carried, base64
 * @param bytes the record's size
 * @param sha256 the SHA-256 of the record's bytes, hex
 * @param complete true if {@code base64} holds all of them
 */
public record RecordData(String base64, long bytes, String sha256, boolean complete) {
  /** What a cut copy keeps of the record's bytes. */
  public static final int EXCERPT_BYTES = 1024;

  public static RecordData whole(byte[] data) {
    return new RecordData(
        Base64.getEncoder().encodeToString(data), data.length, sha256Of(data), true);
  }

  /** These bytes, cut to the first KiB. */
  public RecordData cut() {
    byte[] data = Base64.getDecoder().decode(base64);
    if (data.length <= EXCERPT_BYTES) {
      return this;
    }
    return new RecordData(
        Base64.getEncoder().encodeToString(Arrays.copyOf(data, EXCERPT_BYTES)),
        bytes,
        sha256,
        false);
  }

  /** The SHA-256 of {@code data}, hex, as {@link #sha256} carries it. */
  public static String sha256Of(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
