package dev.weir.store;

import dev.weir.timer.TimerIndex;
import java.util.Objects;

/**
 * The three stores an engine runs on, and what they consume; one backend usually provides all of
 * them.
 */
public record Stores(StateStore state, TimerIndex timers, ShardStore shards, StoreUsage usage) {
  public Stores {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(timers, "timers");
    Objects.requireNonNull(shards, "shards");
    Objects.requireNonNull(usage, "usage");
  }

  public Stores(StateStore state, TimerIndex timers, ShardStore shards) {
    this(state, timers, shards, StoreUsage.none());
  }
}
