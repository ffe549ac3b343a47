package dev.weir.timer;

import java.util.List;

/**
 * Where the watermark and timer functions send {@link KeyTick}s: the input stream in Lambda, so
 * each reaches the processor that owns its key.
 */
@FunctionalInterface
public interface KeyTicks {

  /** Sends every tick, or throws: a tick that is not sent leaves its timer for the next sweep. */
  void send(List<KeyTick> ticks);
}
