package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.fixtures.CountPerKeyFn;
import dev.weir.fixtures.KeyColonPayload;
import dev.weir.fixtures.RawTicks;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.state.KeyIds;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.timer.KeyTick;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerPage;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What one tick may make a processor do is bounded ({@link KeyTick#MAX_NAMESPACES}, {@link
 * KeyTick#MAX_ENCODED_BYTES}): a tick beyond the bounds is rejected with a reason, and the sweep
 * sends a key with more due windows several ticks within them.
 */
class TickBoundsTest {
  private final WeirPipeline<String, String, String> pipeline =
      KeyColonPayload.pipeline("bounds", new CountPerKeyFn());
  private final String keyId = new KeyIds<>(StringUtf8Coder.of()).idOf("k");
  private final InMemoryStore store = new InMemoryStore();
  private final WeirEngine<String, String, String> engine =
      new WeirEngine<>(pipeline, store.asStores(), outputs -> {});

  private BundleResult<String> deliver(byte[] data) {
    return engine.processBundle(
        "shard-0", List.of(new InputRecord("1", "k", data, new Instant(0))), new Instant(0));
  }

  @Test
  void aTickNamingMoreWindowsThanOneTickMayIsRejected() {
    BundleResult<String> result =
        deliver(RawTicks.tick("bounds", keyId, RawTicks.windows(KeyTick.MAX_NAMESPACES + 1, 20)));

    assertThat(result.rejected())
        .singleElement()
        .satisfies(
            rejected -> {
              assertThat(rejected.kind()).isEqualTo(RejectedRecord.Kind.BAD_TICK);
              assertThat(rejected.reason()).contains("at most " + KeyTick.MAX_NAMESPACES);
            });
  }

  @Test
  void aTickLargerThanOneTickMayBeIsRejected() {
    BundleResult<String> result =
        deliver(RawTicks.tick("bounds", keyId, RawTicks.windows(20, 20_000)));

    assertThat(result.rejected())
        .singleElement()
        .satisfies(
            rejected -> {
              assertThat(rejected.kind()).isEqualTo(RejectedRecord.Kind.BAD_TICK);
              assertThat(rejected.reason()).contains("at most " + KeyTick.MAX_ENCODED_BYTES);
            });
  }

  @Test
  void theSweepTicksAKeyWithManyDueWindowsInTicksWithinTheBounds() {
    List<String> due = RawTicks.windows(KeyTick.MAX_NAMESPACES * 2 + 1, 20);
    List<TimerRecord> timers = new ArrayList<>();
    for (String namespace : due) {
      timers.add(
          new TimerRecord(keyId, new TimerKey(namespace, "", "t"), TimerDomain.EVENT_TIME, 5, 5));
    }
    List<KeyTick> sent = new ArrayList<>();
    TimerTicker<String> ticker =
        new TimerTicker<>(
            pipeline,
            (domain, clock, limit, after) ->
                new TimerPage(timers.subList(0, Math.min(limit, timers.size())), null),
            sent::addAll);

    assertThat(ticker.tick(TimerDomain.EVENT_TIME, 10, 0)).as("keys ticked").isEqualTo(1);

    assertThat(sent.size()).isEqualTo(3);
    assertThat(sent.stream().flatMap(t -> t.namespaces().stream())).isEqualTo(due);
    for (KeyTick tick : sent) {
      assertThat(tick.namespaces()).hasSizeLessThanOrEqualTo(KeyTick.MAX_NAMESPACES);
      assertThat(tick.encode().length).isLessThanOrEqualTo(KeyTick.MAX_ENCODED_BYTES);
      assertThat(tick.partitionKey()).isEqualTo("k");
      BundleResult<String> delivered = deliver(tick.encode());
      assertThat(delivered.rejected()).isEmpty();
    }
  }
}
