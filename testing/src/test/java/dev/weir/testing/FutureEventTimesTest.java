package dev.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.BundleResult;
import dev.weir.engine.RejectedRecord;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.store.ShardRecord;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.watermark.FutureEventTimes;
import dev.weir.watermark.WatermarkPolicy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A record whose event time lies far ahead of its arrival in Kinesis (a wrong clock, a timestamp in
 * microseconds) must not carry its shard's watermark past every window: watermarks never go back,
 * so every later record would be late for good. It is dead-lettered as {@code
 * event-time-in-future}, or clamped if the pipeline says so, and no policy moves a shard's
 * watermark further than the allowed skew past the latest arrival.
 */
class FutureEventTimesTest {
  private static final Instant ARRIVAL = new Instant(1_800_000_000_000L);
  private static final String SHARD = "shardId-000000000000";

  /** Outputs each element as {@code key@timestamp}. */
  static class StampFn extends DoFn<KV<String, String>, String> {
    @ProcessElement
    public void process(
        @Element KV<String, String> element,
        @Timestamp Instant timestamp,
        OutputReceiver<String> out) {
      out.output(element.getKey() + "@" + timestamp.getMillis());
    }
  }

  private static WeirPipeline<String, String, String> pipeline(
      FutureEventTimes future, WatermarkPolicy policy) {
    WeirPipeline.Builder<String, String, String> builder =
        WeirPipeline.<String, String, String>builder("future")
            .input(bytes -> new String(bytes, StandardCharsets.UTF_8), StringUtf8Coder.of())
            .key(value -> value.substring(0, value.indexOf(':')), StringUtf8Coder.of())
            .eventTime(
                value -> new Instant(Long.parseLong(value.substring(value.indexOf(':') + 1))))
            .windowing(FixedWindows.of(Duration.standardMinutes(1)), Duration.ZERO)
            .watermark(policy)
            .doFn(new StampFn(), StringUtf8Coder.of());
    return future == null ? builder.build() : builder.futureEventTimes(future).build();
  }

  private static List<byte[]> records(String... values) {
    return java.util.Arrays.stream(values).map(v -> v.getBytes(StandardCharsets.UTF_8)).toList();
  }

  private static long shardWatermark(InMemoryStore store) {
    return store.shard(SHARD).map(ShardRecord::watermarkMillis).orElseThrow();
  }

  @Test
  void aTimestampInMicrosecondsIsDeadLetteredAndLeavesTheWatermarkAlone() {
    InMemoryStore store = new InMemoryStore();
    long now = ARRIVAL.getMillis();
    try (var driver =
        WeirTestDriver.of(
            pipeline(null, WatermarkPolicy.boundedOutOfOrderness(Duration.standardSeconds(5))),
            store.asStores(),
            ARRIVAL)) {
      BundleResult<String> result =
          driver.sendRecords(records("a:" + (now - 1_000), "b:" + now * 1_000, "c:" + now));

      assertThat(result.rejected())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.kind()).isEqualTo(RejectedRecord.Kind.EVENT_TIME_IN_FUTURE);
                assertThat(r.kind().label()).isEqualTo("event-time-in-future");
                assertThat(new String(r.record().data(), StandardCharsets.UTF_8)).startsWith("b:");
                assertThat(r.reason()).contains("ahead of the record's arrival");
              });
      assertThat(driver.outputValues()).containsExactly("a@" + (now - 1_000), "c@" + now);
      assertThat(shardWatermark(store)).isEqualTo(now - 5_000);
    }
  }

  @Test
  void aClockAFewMinutesAheadIsWithinTheDefaultSkew() {
    long ahead = ARRIVAL.getMillis() + Duration.standardMinutes(4).getMillis();
    try (var driver =
        WeirTestDriver.of(
            pipeline(null, WatermarkPolicy.boundedOutOfOrderness(Duration.ZERO)),
            new InMemoryStore().asStores(),
            ARRIVAL)) {
      assertThat(driver.sendRecords(records("a:" + ahead)).rejected()).isEmpty();
      assertThat(driver.outputValues()).containsExactly("a@" + ahead);
    }
  }

  @Test
  void aClampingPipelineTakesTheRecordAtTheLimit() {
    long hourAhead = ARRIVAL.getMillis() + Duration.standardHours(1).getMillis();
    long limit = ARRIVAL.getMillis() + Duration.standardMinutes(1).getMillis();
    InMemoryStore store = new InMemoryStore();
    try (var driver =
        WeirTestDriver.of(
            pipeline(
                FutureEventTimes.clampBeyond(Duration.standardMinutes(1)),
                WatermarkPolicy.boundedOutOfOrderness(Duration.ZERO)),
            store.asStores(),
            ARRIVAL)) {
      assertThat(driver.sendRecords(records("a:" + hourAhead)).rejected()).isEmpty();
      assertThat(driver.outputValues()).containsExactly("a@" + limit);
      assertThat(shardWatermark(store)).isEqualTo(limit);
    }
  }

  @Test
  void noPolicyMovesAShardFurtherThanTheSkewPastTheLatestArrival() {
    InMemoryStore store = new InMemoryStore();
    try (var driver =
        WeirTestDriver.of(
            pipeline(
                FutureEventTimes.deadLetterBeyond(Duration.standardSeconds(30)),
                (maxEventTime, latestArrival) -> Long.MAX_VALUE - 1),
            store.asStores(),
            ARRIVAL)) {
      driver.sendRecords(records("a:" + ARRIVAL.getMillis()));
      assertThat(shardWatermark(store)).isEqualTo(ARRIVAL.getMillis() + 30_000);
    }
  }
}
