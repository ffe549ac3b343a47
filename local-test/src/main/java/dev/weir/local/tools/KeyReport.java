package dev.weir.local.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.inspect.KeyState;
import dev.weir.inspect.PendingTimer;
import dev.weir.inspect.WindowState;
import dev.weir.timer.TimerDomain;
import java.io.PrintStream;
import java.util.List;

/** A key's state and timers, and a listing of keys, as a table for people or JSON for scripts. */
public final class KeyReport {
  private KeyReport() {}

  public static ObjectNode json(String pipeline, KeyState<?> key) {
    ObjectNode node = JsonValues.JSON.createObjectNode();
    node.put("pipeline", pipeline);
    node.set("key", JsonValues.of(key.key()));
    node.put("keyId", key.keyId());
    node.put("version", key.version());
    ArrayNode windows = node.putArray("windows");
    for (WindowState window : key.windows()) {
      ObjectNode w = windows.addObject();
      w.put("window", window.window().toString());
      ObjectNode state = w.putObject("state");
      window.state().forEach((id, value) -> state.set(id, JsonValues.of(value)));
      ArrayNode timers = w.putArray("timers");
      for (PendingTimer timer : window.timers()) {
        ObjectNode t = timers.addObject();
        t.put("timerId", timer.timerId());
        t.put("family", timer.family());
        t.put("domain", timer.domain().name());
        t.put("fireAt", timer.fireAt().toString());
        t.put("outputTimestamp", timer.outputTimestamp().toString());
        t.put("windowExpiry", timer.windowExpiry());
      }
    }
    return node;
  }

  public static ObjectNode json(String pipeline, List<?> keys, boolean more) {
    ObjectNode node = JsonValues.JSON.createObjectNode();
    node.put("pipeline", pipeline);
    ArrayNode array = node.putArray("keys");
    keys.forEach(key -> array.add(JsonValues.of(key)));
    node.put("more", more);
    return node;
  }

  public static void table(String pipeline, KeyState<?> key, PrintStream out) {
    out.printf(
        "pipeline %s, key %s (id %s, version %d)%n",
        pipeline, text(key.key()), key.keyId(), key.version());
    if (key.windows().isEmpty()) {
      out.println("  holds no state and no timers");
    }
    for (WindowState window : key.windows()) {
      out.println("window " + window.window());
      int width = window.state().keySet().stream().mapToInt(String::length).max().orElse(0);
      window
          .state()
          .forEach((id, value) -> out.printf("  state  %-" + width + "s = %s%n", id, text(value)));
      for (PendingTimer timer : window.timers()) {
        out.printf(
            "  timer  %-20s %-15s fires after %s, outputs at %s%n",
            timer.windowExpiry()
                ? "(window expiry)"
                : timer.family().isEmpty()
                    ? timer.timerId()
                    : timer.family() + "/" + timer.timerId(),
            timer.domain() == TimerDomain.EVENT_TIME ? "event time" : "processing time",
            timer.fireAt(),
            timer.outputTimestamp());
      }
    }
  }

  public static void table(String pipeline, List<?> keys, boolean more, PrintStream out) {
    out.printf(
        "pipeline %s: %d key(s) holding state or timers%s%n",
        pipeline, keys.size(), more ? " (more not shown; raise --limit)" : "");
    keys.forEach(key -> out.println("  " + text(key)));
  }

  /** Text as it is, anything else as JSON. */
  private static String text(Object value) {
    var json = JsonValues.of(value);
    return json.isTextual() ? json.asText() : json.toString();
  }
}
