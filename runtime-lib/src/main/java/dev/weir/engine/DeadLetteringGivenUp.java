package dev.weir.engine;

import dev.weir.sink.DeadLetter;
import dev.weir.sink.DeadLetters;
import dev.weir.store.KeyLimitException;
import java.util.ArrayList;
import java.util.List;

/**
 * Dead-letters the records ({@code failing-record}, or the reason of the key's bound a record went
 * past, e.g. {@code too-many-sessions}) and timers ({@code failing-timer}) the engine gives up,
 * before the commit that marks them applied or claimed.
 */
public final class DeadLetteringGivenUp implements GivenUp {
  private final String stream;
  private final DeadLetters deadLetters;

  public DeadLetteringGivenUp(String stream, DeadLetters deadLetters) {
    this.stream = stream;
    this.deadLetters = deadLetters;
  }

  @Override
  public void send(String shardId, List<DeadRecord> records, List<DeadTimer> timers) {
    List<DeadLetter> letters = new ArrayList<>();
    for (DeadRecord dead : records) {
      KeyLimitException limit = KeyLimitException.in(dead.error());
      letters.add(
          Letters.record(
              limit == null ? "failing-record" : limit.limit().reason(),
              stream,
              shardId,
              dead.record(),
              dead.keyId(),
              DeadLetter.describe(limit == null ? dead.error() : limit)));
    }
    for (DeadTimer dead : timers) {
      letters.add(Letters.timer(stream, shardId, dead));
    }
    deadLetters.send(letters);
  }
}
