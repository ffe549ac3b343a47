package dev.weir.engine;

import dev.weir.pipeline.WeirPipeline;
import dev.weir.state.KeyIds;
import dev.weir.timer.KeyTick;
import dev.weir.timer.KeyTicks;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerIndex;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The "fire due timers" use case where a key's work must stay with the processor that owns its
 * shard: find the keys with timers due before a clock reading and send each one tick (or several,
 * each within what one tick may name: {@link KeyTick#covering}). The timers stay pending until that
 * processor fires them, so a later sweep that finds them still due ticks them again (a lost or
 * failed tick delays a timer, never loses it).
 */
final class TimerTicker<K> {
  /** Keys ticked per call at most; the earliest due first, the rest on the next call. */
  static final int MAX_KEYS = 10_000;

  private final WeirPipeline<K, ?, ?> pipeline;
  private final TimerIndex index;
  private final KeyTicks ticks;
  private final KeyIds<K> keyIds;

  TimerTicker(WeirPipeline<K, ?, ?> pipeline, TimerIndex index, KeyTicks ticks) {
    this.pipeline = pipeline;
    this.index = index;
    this.ticks = ticks;
    this.keyIds = new KeyIds<>(pipeline.keyCoder());
  }

  /**
   * Ticks every key with a timer of {@code domain} due strictly before {@code clockMillis}; returns
   * how many keys it ticked.
   */
  int tick(TimerDomain domain, long clockMillis) {
    Map<String, Set<String>> due = new LinkedHashMap<>();
    for (TimerRecord timer : index.dueTimers(domain, clockMillis, MAX_KEYS)) {
      due.computeIfAbsent(timer.keyId(), k -> new LinkedHashSet<>()).add(timer.key().namespace());
    }
    List<KeyTick> sent = new ArrayList<>(due.size());
    for (Map.Entry<String, Set<String>> key : due.entrySet()) {
      sent.addAll(
          KeyTick.covering(
              pipeline.name(),
              key.getKey(),
              List.copyOf(key.getValue()),
              pipeline.partitionKeyOf(keyIds.keyOf(key.getKey())),
              domain,
              clockMillis));
    }
    if (!sent.isEmpty()) {
      ticks.send(sent);
    }
    return due.size();
  }
}
