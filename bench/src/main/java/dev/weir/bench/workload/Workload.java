package dev.weir.bench.workload;

import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One generated input every contender gets: {@code events} events of about 150 bytes of JSON over
 * {@code keys} keys, one every {@code spacingMillis} of event time starting at {@code startMillis},
 * a little out of order (up to two seconds), from a fixed seed so every contender sees the same
 * input.
 *
 * @param name {@code hot} (10 keys, about 60 events per key and one-minute window: long buffers),
 *     {@code medium} (1,000 keys, about 15: the shape most users have) or {@code wide} (10,000
 *     keys, about 0.06: nearly every event opens a key's window alone)
 */
public record Workload(String name, int keys, int events, long startMillis, long spacingMillis) {
  /** Event time between consecutive events of {@code hot} and {@code wide}. */
  public static final long EVENT_SPACING_MILLIS = 100;

  /** Event time between consecutive events of {@code medium}: 15,000 events per minute. */
  public static final long MEDIUM_SPACING_MILLIS = 4;

  private static final String FILLER = "x".repeat(64);

  public static Workload hot(int events) {
    return new Workload("hot", 10, events, 1_700_000_000_000L, EVENT_SPACING_MILLIS);
  }

  public static Workload medium(int events) {
    return new Workload("medium", 1_000, events, 1_700_000_000_000L, MEDIUM_SPACING_MILLIS);
  }

  public static Workload wide(int events) {
    return new Workload("wide", 10_000, events, 1_700_000_000_000L, EVENT_SPACING_MILLIS);
  }

  /**
   * 100 users, a view every 100 ms in all (so every ten seconds per user on average), up to 2 s out
   * of order: with a 15 s session gap most views extend a visit and late ones merge two.
   */
  public static Workload sessions(int events) {
    return new Workload("sessions", 100, events, 1_700_000_000_000L, EVENT_SPACING_MILLIS);
  }

  /** The workload named {@code name} with {@code events} events. */
  public static Workload named(String name, int events) {
    return switch (name) {
      case "hot" -> hot(events);
      case "medium" -> medium(events);
      case "wide" -> wide(events);
      case "sessions" -> sessions(events);
      default -> throw new IllegalArgumentException("no workload " + name);
    };
  }

  /** The events in arrival order. */
  public List<Event> generate() {
    Random random = new Random(42);
    List<Event> events = new ArrayList<>(this.events);
    for (int i = 0; i < this.events; i++) {
      long time = startMillis + i * spacingMillis - random.nextInt(2_000);
      events.add(
          new Event(
              "user-" + random.nextInt(keys),
              i + 1,
              time,
              "page-view:/products/" + random.nextInt(100_000) + ':' + FILLER));
    }
    return events;
  }

  /** Mean size of one event on the wire (JSON), for the report. */
  public double meanRecordBytes() {
    List<Event> sample =
        new Workload(name, keys, Math.min(events, 1_000), startMillis, spacingMillis).generate();
    return sample.stream().mapToInt(e -> BatchedRpcPipeline.encode(e).length).average().orElse(0);
  }
}
