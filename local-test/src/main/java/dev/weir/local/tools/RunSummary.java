package dev.weir.local.tools;

import java.util.Map;

/**
 * How a {@code weir run} ended, printed on stderr as its last line.
 *
 * @param linesRead input lines read (blank ones included)
 * @param linesRefused lines not sent: not JSON, or no partition key
 * @param recordsWritten records written to the input stream
 * @param outputs output records printed
 * @param late records dropped as late (behind the watermark past their window's lateness)
 * @param deadLettered records and timers dead-lettered, by reason
 * @param watermark the global watermark at the end (ISO-8601)
 * @param pendingProcessingTimers processing-time timers still set (a run does not wait for them),
 *     up to 1,000; -1 if unknown (a followed run stopped by Ctrl-C)
 * @param finished true if the input was consumed and the watermark passed every window
 */
public record RunSummary(
    long linesRead,
    long linesRefused,
    long recordsWritten,
    long outputs,
    long late,
    Map<String, Long> deadLettered,
    String watermark,
    long pendingProcessingTimers,
    boolean finished,
    long wallMillis) {

  /** This summary as one line of JSON. */
  public String toJson() {
    try {
      return JsonValues.JSON.writeValueAsString(this);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
