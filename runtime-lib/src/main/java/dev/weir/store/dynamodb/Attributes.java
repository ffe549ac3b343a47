package dev.weir.store.dynamodb;

import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Terse {@link AttributeValue} construction and reading. */
final class Attributes {
  private Attributes() {}

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static AttributeValue b(byte[] value) {
    return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(value));
  }

  static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null || value.n() == null) {
      throw new IllegalStateException("item " + item.get("pk") + " lacks number " + name);
    }
    return Long.parseLong(value.n());
  }

  static byte[] bytes(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.b() == null ? new byte[0] : value.b().asByteArrayUnsafe();
  }

  /** Approximate stored size of an item, as DynamoDB counts it (names plus values). */
  static int size(Map<String, AttributeValue> item) {
    int size = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      size += attribute.getKey().length();
      AttributeValue value = attribute.getValue();
      if (value.s() != null) {
        size += value.s().length() * 3;
      } else if (value.b() != null) {
        size += value.b().asByteArrayUnsafe().length;
      } else if (value.n() != null) {
        size += 21;
      } else if (value.hasM()) {
        size += size(value.m());
      } else if (value.hasL()) {
        size += value.l().stream().mapToInt(e -> size(Map.of("", e)) + 1).sum();
      } else if (value.hasSs()) {
        size += value.ss().stream().mapToInt(e -> e.length() * 3).sum();
      } else {
        size += 8;
      }
    }
    return size;
  }
}
