package dev.weir.bench.engine;

import dev.weir.bench.workload.Workload;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import java.util.List;

/**
 * Runs the DirectRunner (checks on and off) and Flink contenders on each workload once and prints
 * their throughput and output counts, to check them by hand: {@code EngineContendersMain [events]}
 * (100,000 by default). Every event should come out exactly once, since none is behind the
 * watermark when it arrives (the workload is at most 2 s out of order, the watermark 5 s behind).
 */
public final class EngineContendersMain {
  private EngineContendersMain() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    for (Workload workload :
        List.of(Workload.hot(events), Workload.medium(events), Workload.wide(events))) {
      List<Event> input = workload.generate();
      long expected = input.size() - behindWatermark(input);
      for (EngineContender contender :
          List.of(
              DirectRunnerThroughput.contender(true),
              DirectRunnerThroughput.contender(false),
              FlinkThroughput.contender())) {
        try (contender) {
          print(workload, contender.name(), contender.runOnce(StreamRecord.of(input)), expected);
        }
      }
    }
  }

  private static void print(Workload workload, String engine, EngineResult result, long expected) {
    System.out.printf(
        "%-6s %-20s %,12.0f events/s  %8.2f s  outputs %,d of %,d expected%s%n",
        workload.name(),
        engine,
        result.eventsPerSecond(),
        workload.events() / result.eventsPerSecond(),
        result.outputs(),
        expected,
        result.outputs() == expected ? "" : "  MISMATCH");
  }

  /**
   * Events whose time is already behind a watermark 5 s behind the largest earlier event time. An
   * upper bound on the late events of either engine, whose watermarks lag this one.
   */
  static long behindWatermark(List<Event> events) {
    long bound = BatchedRpcPipeline.OUT_OF_ORDERNESS.getMillis();
    long max = Long.MIN_VALUE;
    long behind = 0;
    for (Event event : events) {
      if (max != Long.MIN_VALUE && event.eventTimeMillis() < max - bound) {
        behind++;
      }
      max = Math.max(max, event.eventTimeMillis());
    }
    return behind;
  }
}
