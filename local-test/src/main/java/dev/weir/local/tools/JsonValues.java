package dev.weir.local.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Map;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.ReadableInstant;

/**
 * A decoded value as JSON, for people and scripts: Beam's {@code KV} as {@code {"key", "value"}},
 * timestamped values as {@code {"value", "timestamp"}}, instants and windows as text, collections
 * and maps as arrays and objects, records and beans by their properties, anything else by its
 * {@code toString()}.
 */
public final class JsonValues {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonValues() {}

  public static JsonNode of(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof JsonNode node) {
      return node;
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return JSON.valueToTree(value);
    }
    if (value instanceof ReadableInstant || value instanceof BoundedWindow) {
      return NODES.textNode(value.toString());
    }
    if (value instanceof byte[] bytes) {
      return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
    }
    if (value instanceof KV<?, ?> kv) {
      ObjectNode node = NODES.objectNode();
      node.set("key", of(kv.getKey()));
      node.set("value", of(kv.getValue()));
      return node;
    }
    if (value instanceof TimestampedValue<?> timestamped) {
      ObjectNode node = NODES.objectNode();
      node.set("value", of(timestamped.getValue()));
      node.put("timestamp", timestamped.getTimestamp().toString());
      return node;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode node = NODES.objectNode();
      map.forEach((k, v) -> node.set(String.valueOf(k), of(v)));
      return node;
    }
    if (value instanceof Iterable<?> iterable) {
      ArrayNode node = NODES.arrayNode();
      iterable.forEach(element -> node.add(of(element)));
      return node;
    }
    return asProperties(value);
  }

  /** A record's or bean's properties; its text where it shows none (or cannot be walked). */
  private static JsonNode asProperties(Object value) {
    try {
      JsonNode node = JSON.valueToTree(value);
      if (node != null && !(node.isObject() && node.isEmpty())) {
        return node;
      }
    } catch (IllegalArgumentException notABean) {
      // fall through to the text
    }
    return NODES.textNode(value.toString());
  }
}
