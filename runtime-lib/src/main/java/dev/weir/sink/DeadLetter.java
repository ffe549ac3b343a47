package dev.weir.sink;

/**
 * A record the pipeline gave up on, with everything needed to inspect and replay it, or a timer it
 * gave up on ({@code failing-timer}: its callback kept failing). The record's bytes travel whole
 * when the letter fits its queue, else cut ({@link RecordData}).
 *
 * @param reason why, e.g. {@code undecodable}, {@code failing-key}, {@code partition-key-mismatch},
 *     {@code key-too-large}
 * @param stream the input stream the record is in
 * @param keyId the key's id (base64 of its encoding), for records whose key failed and timers
 * @param data the record's bytes; null for a timer
 * @param timer the timer given up; null for a record
 */
public record DeadLetter(
    String reason,
    String stream,
    String shardId,
    String sequenceNumber,
    String partitionKey,
    String keyId,
    String error,
    RecordData data,
    long arrivalTimeMillis,
    TimerLetter timer) {
  /** A timer given up: where it was set, what it was, when it was due. */
  public record TimerLetter(
      String window, String family, String timerId, String domain, long fireAtMillis) {}

  /** What a cut letter keeps of the error text (a user's exception message may be any size). */
  public static final int MAX_ERROR_CHARS = 4096;

  /** What a cut letter keeps of the key id (a key decoded from a large record may be as large). */
  public static final int MAX_KEY_ID_CHARS = 1024;

  /** This letter with the record's first KiB, and bounded error and key id: it fits any queue. */
  public DeadLetter cut() {
    return new DeadLetter(
        reason,
        stream,
        shardId,
        sequenceNumber,
        partitionKey,
        bounded(keyId, MAX_KEY_ID_CHARS),
        bounded(error, MAX_ERROR_CHARS),
        data == null ? null : data.cut(),
        arrivalTimeMillis,
        timer);
  }

  /** An error as a letter names it: its class and message. */
  public static String describe(Throwable error) {
    return error.getClass().getName()
        + (error.getMessage() == null ? "" : ": " + error.getMessage());
  }

  private static String bounded(String text, int maxChars) {
    return text == null || text.length() <= maxChars ? text : text.substring(0, maxChars) + "…";
  }
}
