package dev.weir.engine;

import dev.weir.beam.DoFnHost;
import dev.weir.sink.OutputIds;
import dev.weir.state.KeyWorkspace;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerRecord;
import java.util.Optional;

/**
 * Fires a key's due timers of one domain in timestamp order, including timers that firing sets
 * (Beam's strict timer ordering): it always picks the earliest due timer again after each one. A
 * callback that throws fails the work as a {@link TimerFailure} naming its timer; timers that
 * failed before are skipped or given up as {@link FailingTimers} says.
 */
final class DueTimers {
  /** A timer that keeps re-arming itself in the past would otherwise never end the loop. */
  static final int MAX_FIRINGS_PER_KEY = 100_000;

  private DueTimers() {}

  static int fire(
      DoFnHost<?, ?, ?> host,
      KeyWorkspace workspace,
      OutputCollector<?> outputs,
      TimerDomain domain,
      long clockMillis,
      EngineCounters counters,
      FailingTimers failing) {
    int fired = 0;
    while (fired < MAX_FIRINGS_PER_KEY) {
      Optional<TimerRecord> next = workspace.nextDueTimer(domain, clockMillis, failing::isDeferred);
      if (next.isEmpty()) {
        break;
      }
      TimerRecord timer = next.get();
      // Claim first: the callback may set the same timer again, which must then stay set.
      workspace.deleteTimer(timer.key());
      if (domain == TimerDomain.PROCESSING_TIME && host.isExpired(timer.key().namespace())) {
        // A processing-time timer of an expired window (Beam ignores it): once claimed, the window
        // may have nothing left, which the store is told so that it can forget the window.
        workspace.expire(timer.key().namespace());
      }
      if (failing.giveUp(timer)) {
        continue;
      }
      String cause = OutputIds.timer(timer);
      outputs.cause(cause);
      workspace.cause(cause);
      try {
        host.fireTimer(timer);
      } catch (RuntimeException | Error e) {
        throw new TimerFailure(timer, e); // KeyExecutor tells whose failure it is
      }
      counters.recordFiring(clockMillis - timer.fireAtMillis());
      fired++;
    }
    return fired;
  }
}
