package dev.weir.local.aws;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB bills it, by the rules of AWS's "DynamoDB item sizes and formats"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * every attribute's name in UTF-8 plus its value (strings in UTF-8, binaries raw, a number one byte
 * per two significant digits plus one, a Boolean or null one byte, a list or map 3 bytes plus its
 * elements, each with one byte more).
 */
public final class ItemSize {
  private ItemSize() {}

  /** The bytes of {@code item}; 0 for none. */
  public static long bytes(Map<String, AttributeValue> item) {
    long bytes = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      bytes += utf8(attribute.getKey()) + value(attribute.getValue());
    }
    return bytes;
  }

  private static long value(AttributeValue value) {
    return switch (value.type()) {
      case S -> utf8(value.s());
      case N -> number(value.n());
      case B -> value.b().asByteArrayUnsafe().length;
      case BOOL, NUL -> 1;
      case SS -> value.ss().stream().mapToLong(ItemSize::utf8).sum();
      case NS -> value.ns().stream().mapToLong(ItemSize::number).sum();
      case BS -> value.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
      case L -> 3 + elements(value.l());
      case M -> 3 + bytes(value.m()) + value.m().size();
      default -> throw new IllegalArgumentException("an attribute value of no known type");
    };
  }

  private static long elements(List<AttributeValue> list) {
    return list.stream().mapToLong(v -> value(v) + 1).sum();
  }

  private static long number(String number) {
    String digits = new BigDecimal(number).abs().stripTrailingZeros().unscaledValue().toString();
    return (digits.length() + 1) / 2 + 1;
  }

  private static long utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
