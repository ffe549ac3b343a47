package dev.weir.bench.timers;

import dev.weir.engine.DecodedRecord;
import dev.weir.engine.InputRecord;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.adapters.SchedulerWakeups;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import dev.weir.functions.wiring.SettableClock;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.watermark.ShardActivity;
import dev.weir.watermark.ShardTopology;
import dev.weir.watermark.WatermarkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Timer firing lag through Weir's real firing paths, on a virtual clock so minutes of scheduling
 * take seconds: the engine (in-memory store) processes a bundle every 700 ms (so bundles and sweep
 * ticks meet at every phase), each element setting one event-time and one processing-time timer
 * ({@link TimerProbeFn}); the production {@link SchedulerWakeups} adapter asks EventBridge
 * Scheduler (recorded HTTP answers) for wake-ups, which are delivered at their minute as the local
 * scheduler does; the watermark function sweeps every {@code sweepIntervalMillis}. A firing's lag
 * is the virtual time from due to the call that fired it, plus the real time that call took until
 * the output.
 */
public final class TimerLagRun {
  private static final long START = 1_700_000_040_000L; // a whole minute
  private static final int KEYS = 500;
  private static final long STEP_MILLIS = 100;
  private static final long BUNDLE_EVERY_MILLIS = 700;
  private static final int PER_BUNDLE = 35;
  private static final long MAX_DELAY_MILLIS = 120_000;
  private static final long OUT_OF_ORDERNESS_MILLIS = 5_000;

  private long virtualNow = START;
  private final SettableClock clock = new SettableClock(START);
  private long callStartNanos;
  private final List<Double> eventLags = new ArrayList<>();
  private final List<Double> processingLags = new ArrayList<>();
  private final TreeMap<Long, Long> watermarkPassedAt = new TreeMap<>();

  private TimerLagRun() {}

  /** Runs {@code timers} elements (as many timers of each domain) in one configuration. */
  public static TimerLagResult run(String name, int timers, long sweepIntervalMillis) {
    return new TimerLagRun().simulate(name, timers, sweepIntervalMillis);
  }

  private TimerLagResult simulate(String name, int timers, long sweepIntervalMillis) {
    try (RecordedScheduler scheduler = RecordedScheduler.start()) {
      SchedulerWakeups wakeups =
          new SchedulerWakeups(
              scheduler.client(),
              "timer-probe",
              "weir-timers",
              "arn:aws:lambda:us-east-1:000000000000:function:weir-timer",
              "arn:aws:iam::000000000000:role/weir-scheduler",
              clock);
      InMemoryStore store = new InMemoryStore();
      try (WeirEngine<String, Event, String> engine =
          new WeirEngine<>(pipeline(), store.asStores(), this::record, wakeups::ensureWakeup)) {
        List<Event> events = events(timers);
        TreeSet<Long> delivered = new TreeSet<>();
        long maxEventTime = Long.MIN_VALUE;
        long end = events.get(events.size() - 1).eventTimeMillis() + MAX_DELAY_MILLIS + 120_000;
        for (int next = 0; virtualNow <= end; virtualNow += STEP_MILLIS) {
          clock.set(virtualNow);
          if (next < events.size() && (virtualNow - START) % BUNDLE_EVERY_MILLIS == 0) {
            List<DecodedRecord<String, Event>> bundle = new ArrayList<>();
            for (; next < events.size() && bundle.size() < PER_BUNDLE; next++) {
              Event event = events.get(next);
              maxEventTime = Math.max(maxEventTime, event.eventTimeMillis());
              bundle.add(decoded(event));
            }
            startCall();
            engine.processDecoded("shardId-000000000000", bundle, new Instant(virtualNow));
            watermarkPassedAt.putIfAbsent(maxEventTime - OUT_OF_ORDERNESS_MILLIS, virtualNow);
          }
          for (long bucket : scheduler.scheduledBuckets()) {
            if (bucket <= virtualNow && delivered.add(bucket)) {
              startCall();
              engine.fireProcessingTimers(new Instant(virtualNow));
            }
          }
          if ((virtualNow - START) % sweepIntervalMillis == 0) {
            startCall();
            engine.sweep(new Instant(virtualNow), ShardActivity.noneIdle(), ShardTopology.fixed());
          }
        }
      }
      long calls = scheduler.createScheduleCalls();
      return new TimerLagResult(
          name,
          sweepIntervalMillis,
          eventLags.size(),
          Percentiles.of(toArray(eventLags), 50),
          Percentiles.of(toArray(eventLags), 99),
          processingLags.size(),
          Percentiles.of(toArray(processingLags), 50),
          Percentiles.of(toArray(processingLags), 99),
          calls,
          calls / (double) timers);
    }
  }

  private void startCall() {
    callStartNanos = System.nanoTime();
  }

  private void record(List<dev.weir.sink.EngineOutput<String>> outputs) {
    double inCall = (System.nanoTime() - callStartNanos) / 1e6;
    for (dev.weir.sink.EngineOutput<String> output : outputs) {
      String[] parts = output.value().split(":");
      long due = Long.parseLong(parts[1]);
      if (parts[0].equals(TimerProbeFn.EVENT_TIME)) {
        // The timer became due when the first committed bundle moved the watermark past it.
        Long passed =
            watermarkPassedAt.ceilingEntry(due + 1) == null
                ? null
                : watermarkPassedAt.ceilingEntry(due + 1).getValue();
        if (passed != null) {
          eventLags.add(virtualNow - passed + inCall);
        }
      } else {
        processingLags.add(virtualNow - due + inCall);
      }
    }
  }

  private static WeirPipeline<String, Event, String> pipeline() {
    return WeirPipeline.<String, Event, String>builder("timer-probe")
        .input(BatchedRpcPipeline::decode, EventCoder.of())
        .key(Event::key, StringUtf8Coder.of())
        .eventTime(Event::eventTime)
        .watermark(WatermarkPolicy.boundedOutOfOrderness(Duration.millis(OUT_OF_ORDERNESS_MILLIS)))
        .doFn(new TimerProbeFn(), StringUtf8Coder.of())
        .build();
  }

  private static List<Event> events(int count) {
    Random random = new Random(7);
    List<Event> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long arrival = START + (i / PER_BUNDLE) * BUNDLE_EVERY_MILLIS;
      long delay = 5_000 + random.nextInt((int) (MAX_DELAY_MILLIS - 5_000));
      events.add(
          new Event(
              "key-" + random.nextInt(KEYS),
              i + 1,
              arrival - random.nextInt(2_000),
              Long.toString(delay)));
    }
    return events;
  }

  private static DecodedRecord<String, Event> decoded(Event event) {
    return new DecodedRecord<>(
        new InputRecord(Long.toString(event.id()), event.key(), new byte[0], Instant.now()),
        event.key(),
        event,
        event.eventTime());
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
