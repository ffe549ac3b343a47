package dev.weir.timer;

import java.util.Objects;

/**
 * Identity of a timer within one key: its namespace (the window), family and id. Setting a timer
 * with the same identity replaces the earlier one; the family is part of the identity so dynamic
 * timers of two families never collide.
 */
public record TimerKey(String namespace, String familyId, String timerId) {
  public TimerKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(familyId, "familyId");
    Objects.requireNonNull(timerId, "timerId");
  }
}
