package dev.weir.runner.core;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The processing time every stage of one run sees. A pipeline with a {@code TestStream} gets a test
 * clock, which starts at the beginning of time and moves only when the stream says (as Beam's
 * DirectRunner has it), so processing-time timers fire deterministically; any other pipeline reads
 * the wall clock.
 */
public final class RunnerClock {
  private boolean manual;
  private Instant now = BoundedWindow.TIMESTAMP_MIN_VALUE;

  private RunnerClock(boolean manual) {
    this.manual = manual;
  }

  public static RunnerClock wall() {
    return new RunnerClock(false);
  }

  public static RunnerClock manual() {
    return new RunnerClock(true);
  }

  public Instant now() {
    return manual ? now : Instant.now();
  }

  /** Moves a test clock forward. */
  public void advance(Duration by) {
    if (!manual) {
      throw new IllegalStateException("only a test clock is moved by the pipeline");
    }
    now = now.plus(by);
  }

  /** The end of a run: every processing-time timer left is due. */
  public void toEndOfTime() {
    manual = true;
    now = BoundedWindow.TIMESTAMP_MAX_VALUE;
  }
}
