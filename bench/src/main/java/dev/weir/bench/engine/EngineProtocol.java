package dev.weir.bench.engine;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The protocol every engine contender gets alike: one untimed run of the full input (warm-up: class
 * loading and the JIT), then {@code rounds} timed runs each, the contenders' order rotated every
 * round so none always runs first or last; the median of the timed runs is reported with all of
 * them. Every run, the warm-up included, must output exactly one enriched event per input event (no
 * workload has an event behind the watermark), or the protocol fails.
 */
public final class EngineProtocol {
  /**
   * One contender's timed runs on one input.
   *
   * @param events input events per run
   * @param eventsPerSec the median of {@code runs}
   * @param runs every timed run's events per second, in the order they ran
   */
  public record Measured(int events, double eventsPerSec, List<Double> runs) {}

  private EngineProtocol() {}

  /**
   * Measures each contender on the records {@code eventsOf} gives it (the same records for all but
   * the DirectRunner, which gets the first part of them).
   */
  public static Map<String, Measured> measure(
      List<EngineContender> contenders,
      Function<EngineContender, List<StreamRecord>> eventsOf,
      int rounds,
      String label,
      PrintStream progress)
      throws Exception {
    for (EngineContender contender : contenders) {
      progress.printf("engine, %s: %s warm-up...%n", label, contender.name());
      checked(contender, eventsOf.apply(contender));
    }
    Map<String, List<Double>> runs = new LinkedHashMap<>();
    contenders.forEach(c -> runs.put(c.name(), new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < contenders.size(); i++) {
        EngineContender contender = contenders.get((i + round) % contenders.size());
        double rate = checked(contender, eventsOf.apply(contender)).eventsPerSecond();
        runs.get(contender.name()).add(rate);
        progress.printf(
            Locale.ROOT,
            "engine, %s: %s run %d/%d: %,.0f events/s%n",
            label,
            contender.name(),
            round + 1,
            rounds,
            rate);
      }
    }
    Map<String, Measured> measured = new LinkedHashMap<>();
    for (EngineContender contender : contenders) {
      List<Double> rates = runs.get(contender.name());
      measured.put(
          contender.name(),
          new Measured(eventsOf.apply(contender).size(), median(rates), List.copyOf(rates)));
    }
    return measured;
  }

  /** The middle value (the mean of the two middle ones for an even count). */
  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static EngineResult checked(EngineContender contender, List<StreamRecord> events)
      throws Exception {
    EngineResult result = contender.runOnce(events);
    if (result.outputs() != events.size()) {
      throw new IllegalStateException(
          contender.name()
              + " output "
              + result.outputs()
              + " enriched events for "
              + events.size()
              + " input events; every event must come out exactly once");
    }
    return result;
  }
}
