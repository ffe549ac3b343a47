package dev.weir.engine;

import dev.weir.timer.TimerRecord;

/** What a timer's callback threw, with the timer: the key's work failed in that timer. */
final class TimerFailure extends RuntimeException {
  private final transient TimerRecord timer;

  TimerFailure(TimerRecord timer, Throwable cause) {
    super("timer " + timer.key() + " due at " + timer.fireAtMillis() + " failed", cause);
    this.timer = timer;
  }

  TimerRecord timer() {
    return timer;
  }
}
