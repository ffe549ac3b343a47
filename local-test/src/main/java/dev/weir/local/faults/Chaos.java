package dev.weir.local.faults;

import dev.weir.functions.handlers.TimerFunction;
import dev.weir.functions.handlers.WatermarkFunction;
import dev.weir.local.stack.EmulatedStack;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Faults from outside the functions' calls, while a round runs: forged timer-function invocations
 * (wrong pipeline, a bucket that is no minute or far ahead, no bucket at all), which must be
 * refused without effect, and a second watermark function sweeping at the same time as the
 * scheduler's (counted apart when it sweeps while a failed key's records are held for their retry:
 * the sweep must keep the hold).
 */
final class Chaos implements AutoCloseable {
  static final String FORGED_TIMER_INVOCATION = "forged-timer-invocation";
  static final String CONCURRENT_SWEEP = "concurrent-sweep";
  static final String SWEEP_WHILE_KEY_RETRIED = "sweep-while-failed-key-retried";

  private final Thread thread;
  private volatile boolean stopped;

  private Chaos(EmulatedStack stack, FaultPlan plan, long seed) {
    Random random = new Random(seed);
    TimerFunction timer = stack.newTimerFunction();
    WatermarkFunction sweeper = stack.newWatermarkFunction();
    String pipeline = stack.pipeline().name();
    this.thread =
        new Thread(
            () -> {
              while (!stopped) {
                try {
                  Thread.sleep(100 + random.nextInt(300));
                  if (random.nextBoolean()) {
                    timer.handleRequest(forged(random, pipeline), null);
                    plan.count(FORGED_TIMER_INVOCATION);
                  } else {
                    boolean held =
                        stack.shardRecords().stream().anyMatch(s -> !s.holds().isEmpty());
                    plan.count(held ? SWEEP_WHILE_KEY_RETRIED : CONCURRENT_SWEEP);
                    sweeper.handleRequest(Map.of(), null);
                  }
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // A failed sweep is retried by the next; the scheduler's own sweeps go on.
                }
              }
            },
            "weir-chaos");
    thread.setDaemon(true);
  }

  static Chaos start(EmulatedStack stack, FaultPlan plan, long seed) {
    Chaos chaos = new Chaos(stack, plan, seed);
    chaos.thread.start();
    return chaos;
  }

  private static Map<String, Object> forged(Random random, String pipeline) {
    long minute = Math.floorDiv(System.currentTimeMillis(), 60_000) * 60_000;
    List<Map<String, Object>> forgeries =
        List.of(
            Map.of("pipeline", "someone-else", "bucket", minute),
            Map.of("pipeline", pipeline, "bucket", minute + 1),
            Map.of("pipeline", pipeline, "bucket", minute + 3_600_000),
            Map.of("pipeline", pipeline, "bucket", "soon"),
            Map.of("pipeline", pipeline));
    return forgeries.get(random.nextInt(forgeries.size()));
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
