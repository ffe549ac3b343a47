package dev.weir.engine;

import dev.weir.beam.DoFnHost;
import dev.weir.sink.OutputIds;
import dev.weir.state.KeyIds;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerIndex;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.joda.time.Instant;

/**
 * The "fire due timers" use case: page through the timer index for timers of one domain due before
 * a clock reading, and fire each key's due timers (and the ones firing sets) in one commit per key.
 * A duplicate firing finds the timer gone and does nothing.
 */
final class TimerFirer<K> {
  static final int PAGE_SIZE = 1_000;

  private final DoFnHost<K, ?, ?> host;
  private final TimerIndex index;
  private final KeyExecutor<K, ?> executor;
  private final EngineCounters counters;
  private final KeyIds<K> keyIds;
  private final Retries retries;
  private final GivenUp givenUp;

  TimerFirer(
      DoFnHost<K, ?, ?> host,
      TimerIndex index,
      KeyExecutor<K, ?> executor,
      EngineCounters counters,
      Retries retries,
      GivenUp givenUp) {
    this.host = host;
    this.givenUp = givenUp;
    this.retries = retries;
    this.index = index;
    this.executor = executor;
    this.counters = counters;
    this.keyIds = new KeyIds<>(host.pipeline().keyCoder());
  }

  /**
   * Fires every timer of {@code domain} due strictly before {@code clock}.
   *
   * @param now the processing time the callbacks see
   * @param watermark the input watermark the callbacks see
   */
  FiringResult fire(TimerDomain domain, Instant clock, Instant now, Instant watermark) {
    Map<String, Throwable> failed = new HashMap<>();
    List<DeadTimer> dead = new ArrayList<>();
    Map<String, FailingTimers> failingByKey = new HashMap<>();
    // Keys left for the next sweep: the index still listed timers they no longer have (it is
    // eventually consistent), or they fired as many as one call allows (a looping timer).
    Set<String> settled = new HashSet<>();
    Set<String> refreshed = new HashSet<>();
    int fired = 0;
    executor.startBundle(OutputIds.firing(domain, clock.getMillis()));
    try {
      while (true) {
        Map<String, List<TimerRecord>> byKey = new LinkedHashMap<>();
        for (TimerRecord timer : index.dueTimers(domain, clock.getMillis(), PAGE_SIZE)) {
          if (!failed.containsKey(timer.keyId()) && !settled.contains(timer.keyId())) {
            byKey.computeIfAbsent(timer.keyId(), k -> new ArrayList<>()).add(timer);
          }
        }
        if (byKey.isEmpty()) {
          break;
        }
        executor.prepare(byKey.keySet());
        for (Map.Entry<String, List<TimerRecord>> group : byKey.entrySet()) {
          int[] keyFired = {0};
          // One per key and sweep: a timer found due again on the next page is not counted twice.
          FailingTimers failing =
              failingByKey.computeIfAbsent(
                  group.getKey(), keyId -> new FailingTimers(retries, host, keyId));
          Throwable error =
              failing.run(
                  () ->
                      executor.run(
                          keyIds.keyOf(group.getKey()),
                          group.getKey(),
                          now,
                          watermark,
                          (workspace, outputs) -> {
                            group.getValue().forEach(t -> workspace.load(t.key().namespace()));
                            keyFired[0] =
                                DueTimers.fire(
                                    host,
                                    workspace,
                                    outputs,
                                    domain,
                                    clock.getMillis(),
                                    counters,
                                    failing);
                          },
                          () -> {
                            if (!failing.dead().isEmpty()) {
                              givenUp.send(null, List.of(), failing.dead());
                            }
                          }));
          if (error == null) {
            fired += keyFired[0];
            dead.addAll(failing.dead());
            if (keyFired[0] == 0 && refreshed.add(group.getKey())) {
              // The index listed due timers this key's state lacks: what the store remembers of
              // the key may be stale (another function fired or set them). Retry on fresh state.
              executor.forget(group.getKey());
            } else if (keyFired[0] == 0 || keyFired[0] >= DueTimers.MAX_FIRINGS_PER_KEY) {
              settled.add(group.getKey());
            }
          } else {
            failed.put(group.getKey(), error);
            counters.failedKeys.increment();
          }
        }
      }
    } finally {
      executor.finishBundle();
    }
    (domain == TimerDomain.EVENT_TIME ? counters.eventTimersFired : counters.processingTimersFired)
        .add(fired);
    return new FiringResult(fired, failed, 0, dead);
  }
}
