package dev.weir.timer;

import java.util.List;

/**
 * Finds due timers across all keys, as the watermark and timer functions need, a page at a time.
 *
 * <p>A pass starts with no cursor and passes each page's {@link TimerPage#next()} to the next call,
 * until a page says it is the last. Pages come in due-time order, and a pass lists every timer that
 * is due and pending throughout it once, whatever the number of timers sharing one due time (it is
 * not a due-time cursor): a pass over N due timers takes ⌈N / limit⌉ calls, or one more whose page
 * is empty. A timer set during a pass is listed by it if it falls after where the pass has got to,
 * else by the next pass. Firing a timer the pass listed, even the last one, leaves the cursor
 * valid.
 */
public interface TimerIndex {

  /**
   * Up to {@code limit} pending timers of {@code domain} with a due time strictly before {@code
   * clockMillis}, after the position {@code after} (null: from the earliest), in {@link
   * TimerRecord#FIRING_ORDER}: of every key with due timers at least its earliest one (a store may
   * list only that one; firing a key fires all its due timers, and the next call lists what is
   * still due).
   *
   * @param after a {@link TimerPage#next()} this index returned for the same domain, or null
   */
  TimerPage dueTimers(TimerDomain domain, long clockMillis, int limit, String after);

  /** The first page of due timers: the earliest {@code limit}. */
  default List<TimerRecord> dueTimers(TimerDomain domain, long clockMillis, int limit) {
    return dueTimers(domain, clockMillis, limit, null).timers();
  }
}
