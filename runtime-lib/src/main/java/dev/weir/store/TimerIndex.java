package dev.weir.store;

import java.util.List;

/** Finds due timers across all keys, as the watermark and timer functions need. */
public interface TimerIndex {

  /**
   * Up to {@code limit} pending timers of {@code domain} with a due time strictly before {@code
   * clockMillis}, in {@link TimerRecord#FIRING_ORDER}.
   */
  List<TimerRecord> dueTimers(TimerDomain domain, long clockMillis, int limit);
}
