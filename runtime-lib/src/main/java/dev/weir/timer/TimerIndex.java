package dev.weir.timer;

import java.util.List;

/** Finds due timers across all keys, as the watermark and timer functions need. */
public interface TimerIndex {

  /**
   * Up to {@code limit} pending timers of {@code domain} with a due time strictly before {@code
   * clockMillis}, in {@link TimerRecord#FIRING_ORDER}: of every key with due timers at least its
   * earliest one (a store may list only that one; firing a key fires all its due timers, and the
   * next call lists what is still due).
   */
  List<TimerRecord> dueTimers(TimerDomain domain, long clockMillis, int limit);
}
