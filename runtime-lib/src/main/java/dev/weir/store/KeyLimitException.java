package dev.weir.store;

/**
 * A key's work went past one of Weir's bounds on what one key may hold or load. The same work would
 * go past it again, so retrying cannot help: the engine gives up at once what hit the bound, and
 * dead-letters it with the bound's {@link Limit#reason}.
 */
public final class KeyLimitException extends RuntimeException {
  /** A bound, and what going past it fails. */
  public enum Limit {
    /**
     * The key's work would load more of its state than the pipeline allows one key's work: it fails
     * the key, as each of its records' work would load the same state.
     */
    STATE_TOO_LARGE("state-too-large", true),
    /**
     * An element would open more live session windows than a key may have: it fails that element
     * alone, as the key's elements that fall into sessions it has can go on.
     */
    TOO_MANY_SESSIONS("too-many-sessions", false);

    private final String reason;
    private final boolean failsKey;

    Limit(String reason, boolean failsKey) {
      this.reason = reason;
      this.failsKey = failsKey;
    }

    /** The dead-letter reason. */
    public String reason() {
      return reason;
    }

    /**
     * True if it fails all of the key's records in the batch, false if only the record being
     * processed when it was hit.
     */
    public boolean failsKey() {
      return failsKey;
    }
  }

  private final Limit limit;

  public KeyLimitException(Limit limit, String message) {
    super(message);
    this.limit = limit;
  }

  public Limit limit() {
    return limit;
  }

  /** The first of {@code thrown} and its causes that is a {@link KeyLimitException}, or null. */
  public static KeyLimitException in(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof KeyLimitException limit) {
        return limit;
      }
    }
    return null;
  }
}
