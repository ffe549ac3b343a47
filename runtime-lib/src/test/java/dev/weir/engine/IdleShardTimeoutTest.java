package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.OutputSink;
import dev.weir.store.ShardRecord;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.watermark.ShardTopology;
import dev.weir.watermark.WatermarkPolicy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A shard with nothing to read lets the global watermark follow the clock, but only once the
 * pipeline's idle timeout has passed (as Beam's KinesisIO idle threshold), and never past a failed
 * key's hold.
 */
class IdleShardTimeoutTest {
  private static final long NOW = 10 * 60_000;

  static class NothingFn extends DoFn<KV<String, String>, String> {
    @ProcessElement
    public void process() {}
  }

  private static long sweptWatermark(Duration idleTimeout, Map<String, Long> holds) {
    WeirPipeline.Builder<String, String, String> builder =
        WeirPipeline.<String, String, String>builder("idle")
            .input(bytes -> new String(bytes, StandardCharsets.UTF_8), StringUtf8Coder.of())
            .key(value -> value, StringUtf8Coder.of())
            .eventTime(value -> new Instant(0))
            .watermark(WatermarkPolicy.boundedOutOfOrderness(Duration.standardSeconds(5)))
            .doFn(new NothingFn(), StringUtf8Coder.of());
    if (idleTimeout != null) {
      builder.idleShardTimeout(idleTimeout);
    }
    InMemoryStore store = new InMemoryStore();
    store.replaceShard(
        Optional.empty(), new ShardRecord("shard-0", 1_000, 6_000, "9", List.of(), false, holds));
    try (WeirEngine<String, String, String> engine =
        new WeirEngine<>(builder.build(), store.asStores(), OutputSink.discarding())) {
      engine.sweep(new Instant(NOW), shard -> true, ShardTopology.fixed());
    }
    return store.globalWatermark();
  }

  @Test
  void byDefaultAnIdleShardFollowsTheClockAtOnce() {
    assertThat(sweptWatermark(null, Map.of())).isEqualTo(NOW - 5_000);
  }

  @Test
  void withATimeoutAnIdleShardFollowsTheClockThatMuchLater() {
    assertThat(sweptWatermark(Duration.standardMinutes(2), Map.of()))
        .isEqualTo(NOW - 120_000 - 5_000);
  }

  @Test
  void anIdleShardNeverPassesTheHoldOfAFailedKey() {
    assertThat(sweptWatermark(Duration.ZERO, Map.of("key", 3_000L))).isEqualTo(3_000);
  }
}
