package dev.weir.engine;

import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keys this engine committed with timers, by shard, with when the earliest of the timers they set
 * is due: a later bundle of the same shard fires those due by then in place, in the lane that owns
 * the key, instead of waiting for the watermark function to find them and tick their keys through
 * the input stream (on a busy shard, most timers, such as the blog's one-second {@code stale}
 * timer, come due while the lane is still reading).
 *
 * <p>A hint is only a hint. The key's work asks the store what is due and fires only that; a hint
 * whose timer was deleted or already fired costs one key's work that finds nothing; a timer no hint
 * names (set in another environment, or forgotten here to bound the memory) is found by the sweep
 * and ticked as before. Timer outputs are identified by the timer, not by the bundle that fires it,
 * so a firing in place and one by a tick after a crash emit the same ids.
 */
final class DueHints<K> {
  /** Keys remembered, at most, over all shards; the least recently hinted go first. */
  static final int MAX_KEYS = 20_000;

  /** Keys added to one bundle, at most: a bundle's work stays about a batch's. */
  static final int MAX_PER_BUNDLE = 100;

  private record Hint<K>(K key, long processingDue, long eventDue) {
    boolean isDue(long nowMillis, long watermarkMillis) {
      return nowMillis > processingDue || watermarkMillis > eventDue;
    }

    /** What is left once what is due at these clocks fired: null if nothing. */
    Hint<K> after(long nowMillis, long watermarkMillis) {
      long processing = nowMillis > processingDue ? Long.MAX_VALUE : processingDue;
      long event = watermarkMillis > eventDue ? Long.MAX_VALUE : eventDue;
      return processing == Long.MAX_VALUE && event == Long.MAX_VALUE
          ? null
          : new Hint<>(key, processing, event);
    }
  }

  private final Map<String, LinkedHashMap<String, Hint<K>>> byShard = new HashMap<>();
  private int size;

  /**
   * Takes the keys of {@code shardId} with a timer due by {@code nowMillis} (processing time) or
   * {@code watermarkMillis} (event time), besides those in {@code inBundle}: at most {@link
   * #MAX_PER_BUNDLE}, oldest hints first. What each hint named as due is forgotten (the key's work
   * fires it, or the sweep ticks it if the work fails); what was not due yet stays.
   */
  synchronized Map<String, K> takeDue(
      String shardId, long nowMillis, long watermarkMillis, Set<String> inBundle) {
    LinkedHashMap<String, Hint<K>> hints = byShard.get(shardId);
    Map<String, K> due = new LinkedHashMap<>();
    if (hints == null) {
      return due;
    }
    for (Map.Entry<String, Hint<K>> hint : hints.entrySet()) {
      if (due.size() >= MAX_PER_BUNDLE) {
        break;
      }
      if (!inBundle.contains(hint.getKey()) && hint.getValue().isDue(nowMillis, watermarkMillis)) {
        due.put(hint.getKey(), hint.getValue().key());
      }
    }
    for (String keyId : due.keySet()) {
      Hint<K> left = hints.remove(keyId).after(nowMillis, watermarkMillis);
      if (left == null) {
        size--;
      } else {
        hints.put(keyId, left);
      }
    }
    return due;
  }

  /**
   * Remembers what {@code key}'s commit on {@code shardId} set: its work fired every timer due at
   * the bundle's clocks, so of the hint it had, only what was not yet due still stands.
   */
  synchronized void committed(
      String shardId,
      String keyId,
      K key,
      List<TimerRecord> timerPuts,
      long nowMillis,
      long watermarkMillis) {
    LinkedHashMap<String, Hint<K>> hints =
        byShard.computeIfAbsent(shardId, s -> new LinkedHashMap<>());
    Hint<K> old = hints.remove(keyId);
    long processingDue = Long.MAX_VALUE;
    long eventDue = Long.MAX_VALUE;
    if (old != null) {
      size--;
      Hint<K> left = old.after(nowMillis, watermarkMillis);
      if (left != null) {
        processingDue = left.processingDue();
        eventDue = left.eventDue();
      }
    }
    for (TimerRecord timer : timerPuts) {
      if (timer.domain() == TimerDomain.PROCESSING_TIME) {
        processingDue = Math.min(processingDue, timer.fireAtMillis());
      } else {
        eventDue = Math.min(eventDue, timer.fireAtMillis());
      }
    }
    if (processingDue == Long.MAX_VALUE && eventDue == Long.MAX_VALUE) {
      return;
    }
    hints.put(keyId, new Hint<>(key, processingDue, eventDue));
    size++;
    if (size > MAX_KEYS) {
      forgetOldest();
    }
  }

  /** Keys remembered now, over all shards. */
  synchronized int size() {
    return size;
  }

  /** Forgets the oldest hint of the shard that holds the most. */
  private void forgetOldest() {
    List<LinkedHashMap<String, Hint<K>>> shards = new ArrayList<>(byShard.values());
    shards.sort((a, b) -> Integer.compare(b.size(), a.size()));
    Iterator<String> oldest = shards.get(0).keySet().iterator();
    oldest.next();
    oldest.remove();
    size--;
  }
}
