package dev.weir.engine;

import dev.weir.pipeline.WeirPipeline;
import dev.weir.state.KeyIds;
import dev.weir.timer.KeyTick;
import dev.weir.timer.KeyTicks;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerIndex;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerPage;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
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
 *
 * <p>Ticked timers stay due until fired, and a failing key's until given up, so listing the
 * earliest page again on every call would tick the same keys forever while later ones starve. Each
 * call therefore lists the page after the previous call's, per domain, and starts over from the
 * earliest once a page was the last ({@link TimerIndex}). The bound: with N timers of a domain due,
 * every one is ticked within ⌈N / page size⌉ calls of this ticker (one pass; a call that finds
 * nothing after the last page starts the next pass at once), and a timer that falls due or is set
 * again during a pass, by the end of the next one. The position is this object's, one per
 * container: a new container starts from the earliest.
 *
 * <p>A timer ticked is not ticked again for {@link #RETICK_AFTER_MILLIS} of the sweeps' wall clock
 * while it stays due: its tick may be on its way through the input stream behind a backlog, and
 * ticking it on every sweep would only lengthen that backlog (10,000 keys whose windows expired
 * together were ticked 228,100 times over a 10,000-event run sweeping every 5 s). A timer is known
 * by its key, window, id and due time: one set again for another time is a new timer, ticked at
 * once. A tick lost (its batch skipped) or read before its timer was due by the processor's clock
 * delays the timer by at most that long, never loses it.
 */
final class TimerTicker<K> {
  /** Due timers listed per call, so keys ticked per call at most. */
  static final int PAGE_SIZE = 10_000;

  /**
   * How long a ticked timer still due waits before it is ticked again. At the template's default
   * (one sweep per invocation, invocations about a minute apart, at times a little less) a timer
   * whose tick did not fire it may wait for the second sweep after, not the next.
   */
  static final long RETICK_AFTER_MILLIS = 60_000;

  private final WeirPipeline<K, ?, ?> pipeline;
  private final TimerIndex index;
  private final KeyTicks ticks;
  private final KeyIds<K> keyIds;
  private final int pageSize;

  /** Where the next call's page starts, by domain; none: at the earliest. */
  private final Map<TimerDomain, String> next = new EnumMap<>(TimerDomain.class);

  /** When each timer was last ticked, by the sweeps' wall clock; the oldest first. */
  private final LinkedHashMap<TickedTimer, Long> tickedAt = new LinkedHashMap<>();

  /** A timer as the ticker knows it: one set again for another time is another. */
  private record TickedTimer(String keyId, TimerKey key, TimerDomain domain, long fireAtMillis) {
    TickedTimer(TimerRecord timer) {
      this(timer.keyId(), timer.key(), timer.domain(), timer.fireAtMillis());
    }
  }

  TimerTicker(WeirPipeline<K, ?, ?> pipeline, TimerIndex index, KeyTicks ticks) {
    this(pipeline, index, ticks, PAGE_SIZE);
  }

  TimerTicker(WeirPipeline<K, ?, ?> pipeline, TimerIndex index, KeyTicks ticks, int pageSize) {
    this.pipeline = pipeline;
    this.index = index;
    this.ticks = ticks;
    this.keyIds = new KeyIds<>(pipeline.keyCoder());
    this.pageSize = pageSize;
  }

  /**
   * Ticks every key with a timer of {@code domain} due strictly before {@code clockMillis} on the
   * next page of due timers, but for timers ticked less than {@link #RETICK_AFTER_MILLIS} before
   * {@code nowMillis} (the sweep's wall clock); returns how many keys it ticked.
   */
  synchronized int tick(TimerDomain domain, long clockMillis, long nowMillis) {
    forgetTicksSince(nowMillis - RETICK_AFTER_MILLIS);
    String after = next.get(domain);
    TimerPage page = index.dueTimers(domain, clockMillis, pageSize, after);
    if (page.timers().isEmpty() && after != null) {
      // The previous page was the last one with timers (fired since, or it was full): start the
      // next pass now rather than tick nothing.
      page = index.dueTimers(domain, clockMillis, pageSize, null);
    }
    Map<String, Set<String>> due = new LinkedHashMap<>();
    List<TickedTimer> ticking = new ArrayList<>();
    for (TimerRecord timer : page.timers()) {
      TickedTimer ticked = new TickedTimer(timer);
      if (tickedAt.containsKey(ticked)) {
        continue; // its tick may still be on its way
      }
      ticking.add(ticked);
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
    // Only once sent: a page whose ticks did not go out is listed again by the next call.
    next.put(domain, page.next());
    for (TickedTimer ticked : ticking) {
      tickedAt.put(ticked, nowMillis);
    }
    return due.size();
  }

  /**
   * Forgets ticks sent at {@code cutoffMillis} or before: their timers, if due, are ticked again.
   */
  private void forgetTicksSince(long cutoffMillis) {
    Iterator<Map.Entry<TickedTimer, Long>> oldest = tickedAt.entrySet().iterator();
    while (oldest.hasNext()) {
      if (oldest.next().getValue() > cutoffMillis) {
        return;
      }
      oldest.remove();
    }
  }
}
