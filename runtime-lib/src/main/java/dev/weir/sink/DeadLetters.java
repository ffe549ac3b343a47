package dev.weir.sink;

import java.util.List;

/** Where records go that cannot be processed. Sending must not lose any: it throws if it did. */
@FunctionalInterface
public interface DeadLetters {
  void send(List<DeadLetter> letters);
}
