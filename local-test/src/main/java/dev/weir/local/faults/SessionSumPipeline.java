package dev.weir.local.faults;

import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import dev.weir.pipeline.PipelineProvider;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.watermark.WatermarkPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.joda.time.Duration;

/**
 * The campaign's session pipeline: {@link WindowSumPipeline}'s DoFn (count and sum per window,
 * output once when the window expires) on session windows of {@link #GAP}, so that merges (the
 * input is out of order, so views often bridge two sessions) run under every fault too. Its outputs
 * depend only on its input: each final session's key, start, count and sum.
 */
public final class SessionSumPipeline implements PipelineProvider {
  static final String NAME = "session-sum";
  static final Duration GAP = Duration.standardSeconds(5);

  @Override
  public WeirPipeline<String, Event, String> pipeline() {
    return WeirPipeline.<String, Event, String>builder(NAME)
        .input(BatchedRpcPipeline::decode, EventCoder.of())
        .key(Event::key, StringUtf8Coder.of())
        .eventTime(Event::eventTime)
        .windowing(Sessions.withGapDuration(GAP), Duration.ZERO)
        .watermark(WatermarkPolicy.boundedOutOfOrderness(WindowSumPipeline.OUT_OF_ORDERNESS))
        .doFn(new WindowSumPipeline.WindowSumFn(), StringUtf8Coder.of())
        .build();
  }

  /** The outputs the input determines, by key and session start: sessions merged as Beam does. */
  static Map<String, String> expected(List<Event> events) {
    Map<String, List<Event>> byKey = new TreeMap<>();
    events.forEach(e -> byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e));
    Map<String, String> expected = new TreeMap<>();
    long gap = GAP.getMillis();
    byKey.forEach(
        (key, keyEvents) -> {
          keyEvents.sort(Comparator.comparingLong(Event::eventTimeMillis));
          long start = Long.MIN_VALUE;
          long end = Long.MIN_VALUE;
          long count = 0;
          long sum = 0;
          for (Event event : keyEvents) {
            long time = event.eventTimeMillis();
            if (time >= end) { // [time, time + gap) does not overlap the session so far
              if (count > 0) {
                expected.put(key + '|' + start, WindowSumPipeline.output(key, start, count, sum));
              }
              start = time;
              count = 0;
              sum = 0;
            }
            end = Math.max(end, time + gap);
            count++;
            sum += event.id();
          }
          expected.put(key + '|' + start, WindowSumPipeline.output(key, start, count, sum));
        });
    return expected;
  }
}
