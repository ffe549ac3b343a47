package dev.weir.timer;

import java.util.List;
import java.util.Objects;

/**
 * One page of due timers ({@link TimerIndex#dueTimers(TimerDomain, long, int, String)}).
 *
 * @param timers the page's timers, in {@link TimerRecord#FIRING_ORDER}
 * @param next where the next page starts: an opaque position after the last timer listed, for the
 *     index that made it only; null when no due timer follows this page, so the next call starts
 *     over from the earliest
 */
public record TimerPage(List<TimerRecord> timers, String next) {
  public TimerPage {
    timers = List.copyOf(Objects.requireNonNull(timers, "timers"));
  }

  /** True when the index listed every due timer after the page's start: no page follows. */
  public boolean last() {
    return next == null;
  }
}
