package dev.weir.store;

/**
 * Kinesis sequence numbers are decimal strings of up to 128 bits; they compare numerically, which
 * for canonical decimals is "shorter is smaller, then lexicographic".
 */
public final class SequenceNumbers {
  private SequenceNumbers() {}

  /** Compares two sequence numbers numerically. */
  public static int compare(String a, String b) {
    if (a.length() != b.length()) {
      return Integer.compare(a.length(), b.length());
    }
    return a.compareTo(b);
  }

  /** The larger of two sequence numbers; {@code null} (none yet) is smaller than any. */
  public static String max(String a, String b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return compare(a, b) >= 0 ? a : b;
  }
}
