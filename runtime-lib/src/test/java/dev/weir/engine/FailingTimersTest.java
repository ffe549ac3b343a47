package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.pipeline.WeirPipeline;
import dev.weir.store.memory.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An {@code @OnTimer} that keeps throwing fails neither its key's records nor the key's other
 * timers: the failing timer is retried with the key's next work and given up (claimed without
 * firing, reported for a dead letter) after its attempts.
 */
class FailingTimersTest {
  /** Echoes each element; a timer at 30 s into the window throws for key "bad", one at its end. */
  static class FailingReportFn extends DoFn<KV<String, String>, String> {
    @TimerId("report")
    private final TimerSpec report = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @TimerId("close")
    private final TimerSpec close = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(
        @Element KV<String, String> element,
        org.apache.beam.sdk.transforms.windowing.BoundedWindow window,
        @TimerId("report") Timer reportTimer,
        @TimerId("close") Timer closeTimer,
        OutputReceiver<String> out) {
      out.output(element.getValue());
      reportTimer.set(window.maxTimestamp().minus(Duration.standardSeconds(30)));
      closeTimer.set(window.maxTimestamp());
    }

    @OnTimer("report")
    public void onReport(@Key String key, OutputReceiver<String> out) {
      if (key.equals("bad")) {
        throw new IllegalStateException("report of " + key + " failed");
      }
      out.output(key + ":report");
    }

    @OnTimer("close")
    public void onClose(@Key String key, OutputReceiver<String> out) {
      out.output(key + ":close");
    }
  }

  private final InMemoryStore store = new InMemoryStore();
  private final List<String> outputs = new ArrayList<>();
  private final WeirEngine<String, String, String> engine =
      new WeirEngine<>(
          WeirPipeline.<String, String, String>builder("failing-timers")
              .input(bytes -> new String(bytes, StandardCharsets.UTF_8), StringUtf8Coder.of())
              .key(value -> value.substring(0, value.indexOf(':')), StringUtf8Coder.of())
              .eventTime(
                  value -> new Instant(Long.parseLong(value.substring(value.lastIndexOf(':') + 1))))
              .windowing(FixedWindows.of(Duration.standardMinutes(1)), Duration.ZERO)
              .doFn(new FailingReportFn(), StringUtf8Coder.of())
              .build(),
          store.asStores(),
          emitted -> emitted.forEach(o -> outputs.add(o.value())));
  private long sequence;

  private BundleResult<String> send(String value) {
    return engine.processBundle(
        "shard-0",
        List.of(
            new InputRecord(
                Long.toString(++sequence),
                value.substring(0, value.indexOf(':')),
                value.getBytes(StandardCharsets.UTF_8),
                new Instant(0))),
        new Instant(0));
  }

  @Test
  void aTimerThatKeepsFailingBlocksNeitherRecordsNorOtherTimersAndIsGivenUp() {
    assertThat(send("bad:1:1000").failedKeys()).isEmpty();
    store.advanceGlobalWatermark(70_000); // both timers of the first window are due

    List<DeadTimer> dead = new ArrayList<>();
    for (int i = 2; i <= 5; i++) {
      BundleResult<String> result = send("bad:" + i + ":" + (60_000 + i));
      assertThat(result.failedKeys()).as("bundle %d", i).isEmpty();
      dead.addAll(result.deadTimers());
    }

    assertThat(outputs)
        .containsExactly(
            "bad:1:1000", "bad:2:60002", "bad:close", "bad:3:60003", "bad:4:60004", "bad:5:60005");
    assertThat(dead)
        .singleElement()
        .satisfies(
            timer -> {
              assertThat(timer.timer().key().timerId()).endsWith("report");
              assertThat(timer.timer().fireAtMillis()).isEqualTo(29_999);
              assertThat(timer.window()).contains("1970-01-01T00:00:00.000Z");
              assertThat(timer.error()).hasRootCauseMessage("report of bad failed");
            });
  }

  @Test
  void aSweepGivesUpAFailingTimerInsteadOfFailingForever() {
    send("bad:1:1000");
    send("good:1:1000");
    store.advanceGlobalWatermark(70_000);

    List<FiringResult> sweeps = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sweeps.add(engine.fireEventTimers(new Instant(0)));
    }

    assertThat(sweeps).allSatisfy(r -> assertThat(r.failedKeys()).isEmpty());
    assertThat(sweeps.stream().mapToLong(r -> r.deadTimers().size()).sum()).isEqualTo(1);
    assertThat(outputs).contains("good:report", "good:close", "bad:close");
    assertThat(engine.fireEventTimers(new Instant(0)).fired()).isZero();
  }

  @Test
  void aWindowsGarbageCollectionWaitsForItsFailingTimerUntilThatIsGivenUp() {
    send("bad:1:1000");
    store.advanceGlobalWatermark(10 * 60_000); // past the window's end: every timer is due

    List<DeadTimer> dead = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      FiringResult sweep = engine.fireEventTimers(new Instant(0));
      dead.addAll(sweep.deadTimers());
      if (i < 2) {
        // The failing "report" and the window's garbage collection, which would drop the state
        // the timer needs (a buffer it flushes) if it ran first.
        assertThat(store.pendingTimerCount()).as("sweep %d", i).isEqualTo(2);
      }
    }

    assertThat(dead).singleElement();
    assertThat(outputs).contains("bad:close");
    assertThat(store.pendingTimerCount()).as("given up, the window is collected").isZero();
  }
}
