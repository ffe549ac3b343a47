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
 *     them to fire what is due there; due timers of other windows are found by the next sweep. At
 *     most {@link #MAX_NAMESPACES}: a key with more due windows gets several ticks ({@link
 *     #covering})
 * @param partitionKey the partition key the key's records are written with: the tick is written
 *     with it, so it reaches the shard (and the lane) that processes the key; the processor rejects
 *     a tick written with any other
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
  /**
   * The most windows one tick may name. The processor loads each window a tick names (a read per
   * window of a key stored as items), so what one record in the input stream can make it do is
   * bounded; a key with more due windows gets several ticks.
   */
  public static final int MAX_NAMESPACES = 100;

  /**
   * The most bytes one encoded tick may take: well below the 1 MiB a Kinesis record holds, and
   * above the largest tick naming a single window (its pipeline, key id and window are each at most
   * 65,535 bytes of modified UTF-8), so every due window can be ticked.
   */
  public static final int MAX_ENCODED_BYTES = 256 * 1024;

  /** Starts every tick; a NUL byte first, which no JSON or text record starts with. */
  private static final byte[] MAGIC = {0, 'w', 'e', 'i', 'r', '-', 't', 'i', 'c', 'k', 0};

  private static final int FORMAT = 1;

  /** Magic, format, the namespace count, domain and clock: what every tick takes besides text. */
  private static final int FIXED_BYTES = MAGIC.length + 1 + Short.BYTES + 1 + Long.BYTES;

  /**
   * A tick beyond {@link #MAX_NAMESPACES} or {@link #MAX_ENCODED_BYTES}: the processor rejects it,
   * as no tick of Weir's is.
   */
  public static final class OutOfBounds extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    OutOfBounds(String message) {
      super(message);
    }
  }

  public KeyTick {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(keyId, "keyId");
    namespaces = List.copyOf(namespaces);
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(domain, "domain");
    checkCount(namespaces.size());
  }

  /**
   * The ticks that ask the processor of {@code keyId} to fire its due timers in {@code namespaces}:
   * one, or as many as keep each within {@link #MAX_NAMESPACES} and {@link #MAX_ENCODED_BYTES}, the
   * windows in the order given.
   */
  public static List<KeyTick> covering(
      String pipeline,
      String keyId,
      List<String> namespaces,
      String partitionKey,
      TimerDomain domain,
      long clockMillis) {
    int fixed = FIXED_BYTES + encodedLength(pipeline) + encodedLength(keyId);
    List<KeyTick> ticks = new ArrayList<>();
    List<String> part = new ArrayList<>();
    int bytes = fixed;
    for (String namespace : namespaces) {
      int more = encodedLength(namespace);
      if (!part.isEmpty() && (part.size() == MAX_NAMESPACES || bytes + more > MAX_ENCODED_BYTES)) {
        ticks.add(new KeyTick(pipeline, keyId, part, partitionKey, domain, clockMillis));
        part = new ArrayList<>();
        bytes = fixed;
      }
      part.add(namespace);
      bytes += more;
    }
    if (!part.isEmpty() || ticks.isEmpty()) {
      ticks.add(new KeyTick(pipeline, keyId, part, partitionKey, domain, clockMillis));
    }
    return ticks;
  }

  /**
   * The bytes {@link DataOutputStream#writeUTF} takes for {@code text}: length and modified UTF-8.
   */
  private static int encodedLength(String text) {
    int bytes = Short.BYTES;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
    }
    return bytes;
  }

  private static void checkCount(int namespaces) {
    if (namespaces > MAX_NAMESPACES) {
      throw new OutOfBounds(
          "a timer tick naming "
              + namespaces
              + " windows; one tick names at most "
              + MAX_NAMESPACES
              + " (KeyTick.MAX_NAMESPACES)");
    }
  }

  private static void checkSize(int bytes) {
    if (bytes > MAX_ENCODED_BYTES) {
      throw new OutOfBounds(
          "a timer tick of "
              + bytes
              + " bytes; one tick takes at most "
              + MAX_ENCODED_BYTES
              + " (KeyTick.MAX_ENCODED_BYTES)");
    }
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
    checkSize(bytes.size());
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
   * @throws OutOfBounds if it names more windows or takes more bytes than one tick may: it is read
   *     no further
   */
  public static Optional<KeyTick> decode(byte[] data, String partitionKey) {
    if (!isTick(data)) {
      return Optional.empty();
    }
    checkSize(data.length);
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
      checkCount(count);
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
