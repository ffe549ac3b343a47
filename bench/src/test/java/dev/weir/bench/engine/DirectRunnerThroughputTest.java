package dev.weir.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.bench.workload.Workload;
import dev.weir.functions.examples.batchedrpc.Event;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class DirectRunnerThroughputTest {
  @Test
  void streamHasChunksOfAThousandAndAWatermarkThatOnlyMovesForward() {
    List<Event> events = Workload.hot(2_500).generate();
    TestStream<KV<String, Event>> stream = DirectRunnerThroughput.testStream(events);

    List<Integer> chunkSizes = new ArrayList<>();
    List<Instant> watermarks = new ArrayList<>();
    for (TestStream.Event<KV<String, Event>> event : stream.getEvents()) {
      if (event instanceof TestStream.ElementEvent<KV<String, Event>> elements) {
        int size = 0;
        for (TimestampedValue<KV<String, Event>> ignored : elements.getElements()) {
          size++;
        }
        chunkSizes.add(size);
      } else if (event instanceof TestStream.WatermarkEvent<KV<String, Event>> watermark) {
        watermarks.add(watermark.getWatermark());
      }
    }

    assertThat(chunkSizes).containsExactly(1_000, 1_000, 500);
    assertThat(watermarks).isSorted().doesNotHaveDuplicates();
    long maxFirstChunk =
        events.subList(0, 1_000).stream().mapToLong(Event::eventTimeMillis).max().orElseThrow();
    assertThat(watermarks.get(0)).isEqualTo(new Instant(maxFirstChunk - 5_000));
  }
}
