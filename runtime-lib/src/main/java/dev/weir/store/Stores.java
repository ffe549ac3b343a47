package dev.weir.store;

import java.util.Objects;

/** The three stores an engine runs on; one backend usually provides all of them. */
public record Stores(StateStore state, TimerIndex timers, ShardStore shards) {
  public Stores {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(timers, "timers");
    Objects.requireNonNull(shards, "shards");
  }
}
