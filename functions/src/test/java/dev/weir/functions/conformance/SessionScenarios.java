package dev.weir.functions.conformance;

import dev.weir.functions.examples.batchedrpc.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.joda.time.Instant;

/**
 * Random but reproducible scenarios for session windows (gap 10 s, lateness 30 s): a few keys whose
 * events cluster into sessions, arrive out of order, often land in the gap between two sessions
 * (bridging them), and often arrive after the watermark passed their session, within the allowed
 * lateness or beyond it; the watermark moves in steps of a few seconds, so sessions fire on time
 * before late data merges into them.
 */
public final class SessionScenarios {
  /** The seed of the first scenario each suite runs. */
  public static final long FIRST_SEED = 50_000L;

  private static final String[] PAYLOADS = {"view", "click", "buy"};

  private SessionScenarios() {}

  public static Scenario generate(long seed) {
    Random random = new Random(seed);
    List<Step> steps = new ArrayList<>();
    int keys = 1 + random.nextInt(3);
    long watermark = 0;
    long nextId = 1;
    List<Long> times = new ArrayList<>();
    int count = 10 + random.nextInt(20);
    for (int i = 0; i < count; i++) {
      if (random.nextInt(100) < 65) {
        List<Event> events = new ArrayList<>();
        int size = 1 + random.nextInt(3);
        for (int e = 0; e < size; e++) {
          long time = Math.max(0, eventTime(random, watermark, times));
          times.add(time);
          events.add(
              new Event(
                  "k" + random.nextInt(keys),
                  nextId++,
                  time,
                  PAYLOADS[random.nextInt(PAYLOADS.length)]));
        }
        steps.add(new Step.Elements(events));
      } else {
        watermark += 2_000 + random.nextInt(18_000);
        steps.add(new Step.Watermark(new Instant(watermark)));
      }
    }
    return new Scenario(seed, steps);
  }

  private static long eventTime(Random random, long watermark, List<Long> earlier) {
    int kind = random.nextInt(100);
    if (kind < 35 || earlier.isEmpty()) {
      return watermark + random.nextInt(25_000); // ahead of the watermark: on time
    }
    long near = earlier.get(random.nextInt(earlier.size()));
    if (kind < 75) {
      return near + 5_000 + random.nextInt(10_000); // in or beyond an earlier event's gap
    }
    return watermark - random.nextInt(45_000); // late: within the lateness, or dropped
  }
}
