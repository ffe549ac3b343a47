package dev.weir.store.dynamodb;

import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The bytes of a key's {@link InlineState} in its header item. A key's whole state is rewritten by
 * every commit and billed per started kilobyte, so the format is compact: variable-length numbers,
 * each namespace written once and referred to by index, a timer's output time as its distance from
 * its fire time, and an arming hash (a name-based UUID) as its 16 bytes. Format 1 (fixed-width
 * numbers, namespaces and hashes spelled out each time) is still read, so headers written before
 * stay readable; they are rewritten in format 2 by their key's next commit.
 */
final class InlineStateCodec {
  private static final int FORMAT_1 = 1;
  private static final int FORMAT_2 = 2;
  private static final int NOT_ARMED = 0;
  private static final int ARMED_BY_UUID = 1;
  private static final int ARMED_BY_TEXT = 2;

  private InlineStateCodec() {}

  static byte[] encode(InlineState state) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      out.write(FORMAT_2);
      Map<String, Integer> namespaces = new LinkedHashMap<>();
      state.cells().keySet().forEach(n -> namespaces.putIfAbsent(n, namespaces.size()));
      state.timers().forEach(t -> namespaces.putIfAbsent(t.key().namespace(), namespaces.size()));
      writeVarLong(namespaces.size(), out);
      for (String namespace : namespaces.keySet()) {
        writeString(out, namespace);
      }
      writeVarLong(state.cells().size(), out);
      for (var namespace : state.cells().entrySet()) {
        writeVarLong(namespaces.get(namespace.getKey()), out);
        writeVarLong(namespace.getValue().size(), out);
        for (var cell : namespace.getValue().entrySet()) {
          writeString(out, cell.getKey());
          out.write(
              state.chunked().contains(InlineState.cellKey(namespace.getKey(), cell.getKey()))
                  ? 1
                  : 0);
          writeVarLong(cell.getValue().size(), out);
          for (var entry : cell.getValue().entrySet()) {
            writeString(out, entry.getKey());
            writeBytes(out, entry.getValue());
          }
        }
      }
      writeVarLong(state.timers().size(), out);
      for (TimerRecord timer : state.timers()) {
        writeVarLong(namespaces.get(timer.key().namespace()), out);
        writeString(out, timer.key().familyId());
        writeString(out, timer.key().timerId());
        out.write(timer.domain().ordinal());
        writeVarLong(zigZag(timer.fireAtMillis()), out);
        writeVarLong(zigZag(timer.outputAtMillis() - timer.fireAtMillis()), out);
        writeArmedBy(out, timer.armedBy());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static InlineState decode(String keyId, byte[] encoded) {
    try {
      InputStream in = new ByteArrayInputStream(encoded);
      int format = in.read();
      return switch (format) {
        case FORMAT_2 -> decodeFormat2(keyId, in);
        case FORMAT_1 -> decodeFormat1(keyId, new DataInputStream(in));
        default ->
            throw new IllegalStateException(
                "inline state of key " + keyId + " has format " + format);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the inline state of key " + keyId, e);
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalStateException(
          "the inline state of key " + keyId + " names a window it does not list", e);
    }
  }

  private static InlineState decodeFormat2(String keyId, InputStream in) throws IOException {
    List<String> namespaces = new ArrayList<>();
    for (int n = readVarInt(in); n > 0; n--) {
      namespaces.add(readString(in));
    }
    Map<String, Map<String, NavigableMap<String, byte[]>>> cells = new TreeMap<>();
    Set<String> chunked = new HashSet<>();
    for (int n = readVarInt(in); n > 0; n--) {
      String namespace = namespaces.get(readVarInt(in));
      Map<String, NavigableMap<String, byte[]>> byState = new TreeMap<>();
      for (int c = readVarInt(in); c > 0; c--) {
        String stateId = readString(in);
        if (readByte(in) == 1) {
          chunked.add(InlineState.cellKey(namespace, stateId));
        }
        TreeMap<String, byte[]> entries = new TreeMap<>();
        for (int e = readVarInt(in); e > 0; e--) {
          entries.put(readString(in), readBytes(in));
        }
        byState.put(stateId, Collections.unmodifiableNavigableMap(entries));
      }
      cells.put(namespace, byState);
    }
    List<TimerRecord> timers = new ArrayList<>();
    for (int t = readVarInt(in); t > 0; t--) {
      TimerKey key = new TimerKey(namespaces.get(readVarInt(in)), readString(in), readString(in));
      TimerDomain domain = TimerDomain.values()[readByte(in)];
      long fireAt = unZigZag(readVarLong(in));
      long outputAt = fireAt + unZigZag(readVarLong(in));
      timers.add(new TimerRecord(keyId, key, domain, fireAt, outputAt, readArmedBy(in)));
    }
    return new InlineState(cells, Set.copyOf(chunked), List.copyOf(timers));
  }

  private static InlineState decodeFormat1(String keyId, DataInputStream in) throws IOException {
    Map<String, Map<String, NavigableMap<String, byte[]>>> cells = new TreeMap<>();
    Set<String> chunked = new HashSet<>();
    for (int n = in.readInt(); n > 0; n--) {
      String namespace = readFixedString(in);
      Map<String, NavigableMap<String, byte[]>> byState = new TreeMap<>();
      for (int c = in.readInt(); c > 0; c--) {
        String stateId = readFixedString(in);
        if (in.readBoolean()) {
          chunked.add(InlineState.cellKey(namespace, stateId));
        }
        TreeMap<String, byte[]> entries = new TreeMap<>();
        for (int e = in.readInt(); e > 0; e--) {
          entries.put(readFixedString(in), readFixedBytes(in));
        }
        byState.put(stateId, Collections.unmodifiableNavigableMap(entries));
      }
      cells.put(namespace, byState);
    }
    List<TimerRecord> timers = new ArrayList<>();
    for (int t = in.readInt(); t > 0; t--) {
      TimerKey key = new TimerKey(readFixedString(in), readFixedString(in), readFixedString(in));
      TimerDomain domain = TimerDomain.values()[in.readByte()];
      long fireAt = in.readLong();
      long outputAt = in.readLong();
      timers.add(new TimerRecord(keyId, key, domain, fireAt, outputAt, readFixedString(in)));
    }
    return new InlineState(cells, Set.copyOf(chunked), List.copyOf(timers));
  }

  /** Weir's arming hashes are name-based UUIDs; anything else is kept as text. */
  private static void writeArmedBy(OutputStream out, String armedBy) throws IOException {
    if (armedBy.isEmpty()) {
      out.write(NOT_ARMED);
      return;
    }
    UUID uuid = parseUuid(armedBy);
    if (uuid == null) {
      out.write(ARMED_BY_TEXT);
      writeString(out, armedBy);
      return;
    }
    out.write(ARMED_BY_UUID);
    out.write(
        ByteBuffer.allocate(16)
            .putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits())
            .array());
  }

  private static String readArmedBy(InputStream in) throws IOException {
    int kind = readByte(in);
    return switch (kind) {
      case NOT_ARMED -> "";
      case ARMED_BY_TEXT -> readString(in);
      case ARMED_BY_UUID -> {
        ByteBuffer bytes = ByteBuffer.wrap(readExactly(in, 16));
        yield new UUID(bytes.getLong(), bytes.getLong()).toString();
      }
      default -> throw new IOException("unknown arming kind " + kind);
    };
  }

  /** The UUID {@code text} spells in canonical form, or null. */
  private static UUID parseUuid(String text) {
    if (text.length() != 36) {
      return null;
    }
    try {
      UUID uuid = UUID.fromString(text);
      return uuid.toString().equals(text) ? uuid : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /*
   * Unsigned LEB128, as protobuf and Beam's VarInt write it: written here because the store knows
   * nothing of Beam (ArchitectureTest) and no other dependency of this module offers it.
   */
  private static void writeVarLong(long value, OutputStream out) throws IOException {
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      out.write((int) ((rest & 0x7F) | 0x80));
      rest >>>= 7;
    }
    out.write((int) rest);
  }

  private static long readVarLong(InputStream in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte(in);
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("a variable-length number in the inline state is too long");
  }

  private static int readVarInt(InputStream in) throws IOException {
    long value = readVarLong(in);
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new IOException("a count or length in the inline state is out of range: " + value);
    }
    return (int) value;
  }

  private static long zigZag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  private static long unZigZag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }

  private static void writeString(OutputStream out, String value) throws IOException {
    writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String readString(InputStream in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  private static void writeBytes(OutputStream out, byte[] value) throws IOException {
    writeVarLong(value.length, out);
    out.write(value);
  }

  private static byte[] readBytes(InputStream in) throws IOException {
    return readExactly(in, readVarInt(in));
  }

  private static byte[] readExactly(InputStream in, int length) throws IOException {
    byte[] value = in.readNBytes(length);
    if (value.length != length) {
      throw new EOFException("inline state ends inside a value");
    }
    return value;
  }

  private static int readByte(InputStream in) throws IOException {
    int value = in.read();
    if (value < 0) {
      throw new EOFException("inline state ends early");
    }
    return value;
  }

  private static String readFixedString(DataInputStream in) throws IOException {
    return new String(readFixedBytes(in), StandardCharsets.UTF_8);
  }

  private static byte[] readFixedBytes(DataInputStream in) throws IOException {
    byte[] value = new byte[in.readInt()];
    in.readFully(value);
    return value;
  }
}
