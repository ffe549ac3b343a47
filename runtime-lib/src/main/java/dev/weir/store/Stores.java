package dev.weir.store;

import dev.weir.timer.TimerIndex;
import java.util.Objects;

/**
 * The stores an engine runs on, and what they consume; one backend usually provides all of them.
 *
 * @param attempts failed attempts at records and timers, counted across invocations
 */
public record Stores(
    StateStore state,
    TimerIndex timers,
    ShardStore shards,
    AttemptLedger attempts,
    StoreUsage usage) {
  public Stores {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(timers, "timers");
    Objects.requireNonNull(shards, "shards");
    Objects.requireNonNull(attempts, "attempts");
    Objects.requireNonNull(usage, "usage");
  }

  public Stores(StateStore state, TimerIndex timers, ShardStore shards, AttemptLedger attempts) {
    this(state, timers, shards, attempts, StoreUsage.none());
  }
}
