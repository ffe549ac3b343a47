package dev.weir.timer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes the parts of a {@link TimerPage#next()} cursor as one string and reads them back: each
 * part base64url-encoded, so any text survives, joined by dots, which base64url never uses.
 */
public final class CursorParts {
  private CursorParts() {}

  public static String join(List<String> parts) {
    List<String> encoded = new ArrayList<>(parts.size());
    for (String part : parts) {
      encoded.add(
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(part.getBytes(StandardCharsets.UTF_8)));
    }
    return String.join(".", encoded);
  }

  /** The parts of {@code cursor}; throws if it does not have {@code count}. */
  public static List<String> split(String cursor, int count) {
    String[] encoded = cursor.split("\\.", -1);
    if (encoded.length != count) {
      throw new IllegalArgumentException(
          "not a cursor of this index: " + encoded.length + " parts, expected " + count);
    }
    List<String> parts = new ArrayList<>(count);
    for (String part : encoded) {
      parts.add(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    }
    return parts;
  }
}
