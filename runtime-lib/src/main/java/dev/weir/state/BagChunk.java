package dev.weir.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The elements one commit appends to a bag, stored as one entry: a count, then each element as a
 * length-prefixed encoding. The prefix keeps elements whose encoding is empty countable.
 */
final class BagChunk {
  private final List<byte[]> elements = new ArrayList<>();

  void add(byte[] encoded) {
    elements.add(encoded);
  }

  /**
   * The chunk as entries of at most about {@code maxBytes} each (an element larger than that gets
   * an entry of its own), keyed {@code chunkId} or, when split, {@code chunkId.0000}, {@code
   * chunkId.0001}, ... so they sort in append order.
   */
  Map<String, byte[]> toEntries(String chunkId, int maxBytes) {
    List<byte[]> parts = new ArrayList<>();
    int start = 0;
    int size = 4;
    for (int i = 0; i < elements.size(); i++) {
      int elementSize = 4 + elements.get(i).length;
      if (i > start && size + elementSize > maxBytes) {
        parts.add(encode(elements.subList(start, i)));
        start = i;
        size = 4;
      }
      size += elementSize;
    }
    parts.add(encode(elements.subList(start, elements.size())));
    Map<String, byte[]> entries = new TreeMap<>();
    if (parts.size() == 1) {
      entries.put(chunkId, parts.get(0));
    } else {
      for (int i = 0; i < parts.size(); i++) {
        entries.put(chunkId + String.format(".%04d", i), parts.get(i));
      }
    }
    return entries;
  }

  private static byte[] encode(List<byte[]> elements) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(elements.size());
      for (byte[] element : elements) {
        out.writeInt(element.length);
        out.write(element);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The encoded elements of a stored chunk, in append order. */
  static List<byte[]> elementsOf(byte[] chunk) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(chunk))) {
      int count = in.readInt();
      List<byte[]> result = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] element = new byte[in.readInt()];
        in.readFully(element);
        result.add(element);
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt bag chunk", e);
    }
  }
}
