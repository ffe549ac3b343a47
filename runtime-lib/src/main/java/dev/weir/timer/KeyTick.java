package dev.weir.timer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request, written into the input stream, that the processor of a key's shard fire the key's due
 * timers. The watermark and timer functions find due timers but do not fire them: a key's work then
 * always runs in the one invocation that owns its shard's lane (Lambda runs one invocation per lane
 * of a shard at a time, and keeps each partition key in one lane, in order), so a timer firing
 * never races the key's records, and no output is emitted by work whose commit then loses a race.
 *
 * <p>A tick only asks: the processor fires what is due by its own clock and by the stored global
 * watermark, so a forged or repeated tick fires nothing early and nothing twice.
 *
 * @param pipeline the pipeline whose key it is
 * @param keyId the key, as the store names it
 * @param namespaces the windows (state namespaces) whose timers were found due: the processor loads
 *     them to fire what is due there; due timers of other windows are found by the next sweep
 * @param partitionKey the partition key the key's records are written with: the tick is written
 *     with it, so it reaches the shard (and the lane) that processes the key
 * @param domain the domain of the due timer the tick was sent for
 * @param clockMillis the watermark (event time) or the time (processing time) the timer was due by
 */
public record KeyTick(
    String pipeline,
    String keyId,
    List<String> namespaces,
    String partitionKey,
    TimerDomain domain,
    long clockMillis) {
  /** Starts every tick; a NUL byte first, which no JSON or text record starts with. */
  private static final byte[] MAGIC = {0, 'w', 'e', 'i', 'r', '-', 't', 'i', 'c', 'k', 0};

  private static final int FORMAT = 1;

  public KeyTick {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(keyId, "keyId");
    namespaces = List.copyOf(namespaces);
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(domain, "domain");
  }

  /** The record's data. */
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeByte(FORMAT);
      out.writeUTF(pipeline);
      out.writeUTF(keyId);
      out.writeShort(namespaces.size());
      for (String namespace : namespaces) {
        out.writeUTF(namespace);
      }
      out.writeByte(domain.ordinal());
      out.writeLong(clockMillis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** True if {@code data} is meant as a tick (it may still be malformed). */
  public static boolean isTick(byte[] data) {
    return data.length >= MAGIC.length
        && Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /**
   * The tick in a record, or empty if the record is not a tick.
   *
   * @throws IllegalArgumentException if it starts as a tick but is not a well-formed one
   */
  public static Optional<KeyTick> decode(byte[] data, String partitionKey) {
    if (!isTick(data)) {
      return Optional.empty();
    }
    try (DataInputStream in =
        new DataInputStream(
            new ByteArrayInputStream(data, MAGIC.length, data.length - MAGIC.length))) {
      int format = in.readUnsignedByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException("timer tick of unknown format " + format);
      }
      String pipeline = in.readUTF();
      String keyId = in.readUTF();
      int count = in.readUnsignedShort();
      List<String> namespaces = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        namespaces.add(in.readUTF());
      }
      int domain = in.readUnsignedByte();
      if (domain >= TimerDomain.values().length) {
        throw new IllegalArgumentException("timer tick of unknown domain " + domain);
      }
      long clock = in.readLong();
      if (in.available() > 0) {
        throw new IllegalArgumentException("timer tick with " + in.available() + " extra bytes");
      }
      return Optional.of(
          new KeyTick(
              pipeline, keyId, namespaces, partitionKey, TimerDomain.values()[domain], clock));
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated timer tick", e);
    }
  }
}
