package dev.weir.bench.workload;

import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One generated input every contender gets: {@code events} events of about 150 bytes of JSON over
 * {@code keys} keys, ten events per second of event time starting at {@code startMillis}, a little
 * out of order (up to two seconds), from a fixed seed so every contender sees the same input.
 *
 * @param name {@code hot} (few keys, long buffers) or {@code wide} (many keys, short ones)
 */
public record Workload(String name, int keys, int events, long startMillis) {
  /** Event time between consecutive events. */
  public static final long EVENT_SPACING_MILLIS = 100;

  private static final String FILLER = "x".repeat(64);

  public static Workload hot(int events) {
    return new Workload("hot", 10, events, 1_700_000_000_000L);
  }

  public static Workload wide(int events) {
    return new Workload("wide", 10_000, events, 1_700_000_000_000L);
  }

  /** The events in arrival order. */
  public List<Event> generate() {
    Random random = new Random(42);
    List<Event> events = new ArrayList<>(this.events);
    for (int i = 0; i < this.events; i++) {
      long time = startMillis + i * EVENT_SPACING_MILLIS - random.nextInt(2_000);
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
    List<Event> sample = new Workload(name, keys, Math.min(events, 1_000), startMillis).generate();
    return sample.stream().mapToInt(e -> BatchedRpcPipeline.encode(e).length).average().orElse(0);
  }
}
