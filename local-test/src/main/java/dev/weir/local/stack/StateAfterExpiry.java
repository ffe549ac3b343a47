package dev.weir.local.stack;

import dev.weir.store.dynamodb.StoredState;
import java.io.PrintStream;

/**
 * The check that a run leaves no state behind: once its input is accounted for, every window
 * expires as the watermark passes it (the input's event times lie in the past, so an idle stream's
 * watermark passes them all), the garbage-collection timers fire, and the keys must hold nothing:
 * no cell, no timer, no item of any kind.
 */
public final class StateAfterExpiry {
  /** How long, once a run's input is accounted for, its windows' state may take to go. */
  private static final long TIMEOUT_MILLIS = 120_000;

  private StateAfterExpiry() {}

  /**
   * Polls the state table until the keys hold nothing or two minutes passed.
   *
   * @return what is left (empty if nothing)
   */
  public static StoredState.Inventory await(EmulatedStack stack, PrintStream progress)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
    StoredState.Inventory left = stack.storedState();
    while (left.total() > 0 && System.currentTimeMillis() < deadline) {
      progress.println("waiting for expired windows to leave no state: " + left.byKind());
      Thread.sleep(1_000);
      left = stack.storedState();
    }
    if (left.total() > 0) {
      progress.println("state left after every window expired: " + left.examples());
    }
    return left;
  }
}
