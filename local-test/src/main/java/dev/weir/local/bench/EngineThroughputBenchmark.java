package dev.weir.local.bench;

import dev.weir.engine.DecodedRecord;
import dev.weir.engine.InputRecord;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.OutputSink;
import dev.weir.store.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.joda.time.Instant;

/**
 * Single-thread throughput of the engine on the in-memory store, running the blog's batched-RPC
 * DoFn: bundles of 100 records, one event per millisecond of event time, the watermark advanced
 * (firing expiry and garbage-collection timers) every 60,000 events. Prints elements per second per
 * round, for a hot workload (10 keys) and a wide one (1,000 keys), with values handed to the engine
 * decoded and as JSON record bytes.
 *
 * <p>Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl local-test exec:java@engine-bench}
 * (optional arguments: events per round, rounds).
 */
public final class EngineThroughputBenchmark {
  private static final int BUNDLE = 100;
  private static final int WATERMARK_EVERY = 60_000;

  private EngineThroughputBenchmark() {}

  public static void main(String[] args) {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    for (int keys : new int[] {10, 1_000}) {
      for (boolean json : new boolean[] {false, true}) {
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          rates.add(run(events, keys, json));
        }
        double best = rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        System.out.printf(
            Locale.ROOT,
            "keys=%5d input=%-7s rounds(events/s)=%s best=%,.0f events/s%n",
            keys,
            json ? "json" : "decoded",
            rates.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList(),
            best);
      }
    }
  }

  private static double run(int events, int keys, boolean json) {
    WeirPipeline<String, Event, EnrichedEvent> pipeline =
        BatchedRpcPipeline.pipeline(
            BatchedRpcPipeline.MAX_BUFFER_SIZE, new CountingEnrichment("engine-benchmark"));
    InMemoryStore store = new InMemoryStore();
    long[] outputs = {0};
    OutputSink<EnrichedEvent> sink = emitted -> outputs[0] += emitted.size();
    try (WeirEngine<String, Event, EnrichedEvent> engine =
        new WeirEngine<>(pipeline, store.asStores(), sink)) {
      long start = System.nanoTime();
      for (int offset = 0; offset < events; offset += BUNDLE) {
        Instant now = new Instant(offset);
        if (json) {
          engine.processBundle("shard-0", jsonBundle(offset, keys), now);
        } else {
          engine.processDecoded("shard-0", decodedBundle(offset, keys), now);
        }
        if ((offset + BUNDLE) % WATERMARK_EVERY == 0) {
          store.advanceGlobalWatermark(offset);
          engine.fireEventTimers(now);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (outputs[0] == 0) {
        throw new IllegalStateException("the benchmark produced no outputs");
      }
      return events / seconds;
    }
  }

  private static Event event(int i, int keys) {
    return new Event("user-" + (i % keys), i, i, "payload-" + i);
  }

  private static List<DecodedRecord<String, Event>> decodedBundle(int offset, int keys) {
    List<DecodedRecord<String, Event>> bundle = new ArrayList<>(BUNDLE);
    for (int i = offset; i < offset + BUNDLE; i++) {
      Event event = event(i, keys);
      bundle.add(
          new DecodedRecord<>(
              new InputRecord(Integer.toString(i + 1), event.key(), new byte[0], new Instant(i)),
              event.key(),
              event,
              event.eventTime()));
    }
    return bundle;
  }

  private static List<InputRecord> jsonBundle(int offset, int keys) {
    List<InputRecord> bundle = new ArrayList<>(BUNDLE);
    for (int i = offset; i < offset + BUNDLE; i++) {
      Event event = event(i, keys);
      bundle.add(
          new InputRecord(
              Integer.toString(i + 1),
              event.key(),
              BatchedRpcPipeline.encode(event),
              new Instant(i)));
    }
    return bundle;
  }
}
