package dev.weir.functions.conformance;

import dev.weir.functions.examples.batchedrpc.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A random but reproducible input: events for a few keys, out of order and some late, between
 * watermark and processing-time advances that often land exactly on window and timer boundaries. It
 * always ends with the watermark at infinity, as a bounded {@code TestStream} does.
 */
public record Scenario(long seed, List<Step> steps) {
  private static final String[] PAYLOADS = {"view", "click", "buy", "share"};

  public static Scenario generate(long seed) {
    Random random = new Random(seed);
    List<Step> steps = new ArrayList<>();
    int keys = 1 + random.nextInt(3);
    long watermark = 0;
    long nextId = 1;
    int count = 8 + random.nextInt(25);
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(100);
      if (kind < 50) {
        List<Event> events = new ArrayList<>();
        int size = 1 + random.nextInt(4);
        for (int e = 0; e < size; e++) {
          long time = Math.max(0, watermark + eventOffset(random));
          events.add(
              new Event(
                  "k" + random.nextInt(keys),
                  nextId++,
                  time,
                  PAYLOADS[random.nextInt(PAYLOADS.length)]));
        }
        steps.add(new Step.Elements(events));
      } else if (kind < 75) {
        long next = watermark + 1 + random.nextInt(40_000);
        if (random.nextBoolean()) {
          // Land on a 10 s boundary, or a millisecond either side: window ends and timers.
          long boundary = (next / 10_000 + 1) * 10_000;
          next = boundary + random.nextInt(3) - 1;
        }
        watermark = Math.max(watermark + 1, next);
        steps.add(new Step.Watermark(new Instant(watermark)));
      } else {
        long[] edges = {999, 1_000, 1_001, 2_000};
        long by =
            random.nextBoolean() ? edges[random.nextInt(edges.length)] : 1 + random.nextInt(3_000);
        steps.add(new Step.ProcessingTime(Duration.millis(by)));
      }
    }
    return new Scenario(seed, steps);
  }

  private static long eventOffset(Random random) {
    int kind = random.nextInt(100);
    if (kind < 70) {
      return -5_000 + random.nextInt(65_000);
    } else if (kind < 85) {
      return -120_000 + random.nextInt(90_000); // late, often beyond the allowed lateness
    }
    return random.nextInt(180_000);
  }
}
