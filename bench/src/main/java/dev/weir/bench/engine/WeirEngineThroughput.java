package dev.weir.bench.engine;

import dev.weir.engine.InputRecord;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.sink.OutputSink;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.watermark.ShardActivity;
import dev.weir.watermark.ShardTopology;
import java.util.ArrayList;
import java.util.List;
import org.joda.time.Instant;

/**
 * Weir's engine alone, single thread, on the in-memory store, running the blog DoFn over the
 * records' bytes through the pipeline's own decoder (as a Lambda invocation gets them): bundles of
 * 100 records, and every 1,000 events a sweep that moves the watermark (5 s behind the largest
 * event time, as the pipeline declares) and fires due event- and processing-time timers against the
 * wall clock; at the end the watermark goes to the end of time so every buffer is flushed. Timed
 * from building the engine to its close.
 */
public final class WeirEngineThroughput {
  private static final int BUNDLE = 100;
  private static final int SWEEP_EVERY = 1_000;
  private static final String SHARD = "shardId-000000000000";

  private WeirEngineThroughput() {}

  /** Weir's engine as a contender: nothing kept across runs but the JVM. */
  public static EngineContender contender() {
    return new EngineContender() {
      @Override
      public String name() {
        return "weir";
      }

      @Override
      public EngineResult runOnce(List<StreamRecord> records) {
        return run(records);
      }
    };
  }

  /** Runs the records once; returns events per second and the number of outputs. */
  public static EngineResult run(List<StreamRecord> records) {
    long start = System.nanoTime();
    InMemoryStore store = new InMemoryStore();
    long[] outputs = {0};
    OutputSink<EnrichedEvent> sink = emitted -> outputs[0] += emitted.size();
    try (WeirEngine<String, Event, EnrichedEvent> engine =
        new WeirEngine<>(
            BatchedRpcPipeline.pipeline(
                BatchedRpcPipeline.MAX_BUFFER_SIZE, new CountingEnrichment("bench-weir-engine")),
            store.asStores(),
            sink)) {
      int sinceSweep = 0;
      for (int offset = 0; offset < records.size(); offset += BUNDLE) {
        Instant now = Instant.now();
        List<InputRecord> bundle = bundle(records, offset, now);
        engine.processBundle(SHARD, bundle, now);
        sinceSweep += bundle.size();
        if (sinceSweep >= SWEEP_EVERY) {
          engine.sweep(now, ShardActivity.noneIdle(), ShardTopology.fixed());
          sinceSweep = 0;
        }
      }
      store.advanceGlobalWatermark(Long.MAX_VALUE / 2);
      engine.fireEventTimers(Instant.now());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EngineResult(records.size() / seconds, outputs[0]);
  }

  /** The records from {@code offset} as Kinesis delivers them: sequence numbered, arrived now. */
  private static List<InputRecord> bundle(List<StreamRecord> records, int offset, Instant now) {
    int end = Math.min(records.size(), offset + BUNDLE);
    List<InputRecord> bundle = new ArrayList<>(end - offset);
    for (int i = offset; i < end; i++) {
      StreamRecord record = records.get(i);
      bundle.add(
          new InputRecord(Integer.toString(i + 1), record.partitionKey(), record.data(), now));
    }
    return bundle;
  }
}
