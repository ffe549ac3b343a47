package dev.weir.functions.wiring;

import dev.weir.engine.DeadRecord;
import dev.weir.engine.DeadTimer;
import dev.weir.engine.GivenUp;
import dev.weir.functions.adapters.DeadLetter;
import dev.weir.functions.adapters.DeadLetters;
import java.util.ArrayList;
import java.util.List;

/**
 * Dead-letters the records ({@code failing-record}) and timers ({@code failing-timer}) the engine
 * gives up, before the commit that marks them applied or claimed.
 */
final class DeadLetteringGivenUp implements GivenUp {
  private final String stream;
  private final DeadLetters deadLetters;

  DeadLetteringGivenUp(String stream, DeadLetters deadLetters) {
    this.stream = stream;
    this.deadLetters = deadLetters;
  }

  @Override
  public void send(String shardId, List<DeadRecord> records, List<DeadTimer> timers) {
    List<DeadLetter> letters = new ArrayList<>();
    for (DeadRecord dead : records) {
      letters.add(
          DeadLetter.of(
              "failing-record",
              stream,
              shardId,
              dead.record(),
              dead.keyId(),
              DeadLetter.describe(dead.error())));
    }
    for (DeadTimer dead : timers) {
      letters.add(DeadLetter.ofTimer(stream, shardId, dead));
    }
    deadLetters.send(letters);
  }
}
