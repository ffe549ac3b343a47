package dev.weir.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The elements one commit appends to a bag, stored as one entry: a count, then each element as a
 * length-prefixed encoding. The prefix keeps elements whose encoding is empty countable.
 */
final class BagChunk {
  private final List<byte[]> elements = new ArrayList<>();

  void add(byte[] encoded) {
    elements.add(encoded);
  }

  byte[] toBytes() {
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
