package dev.weir.local.bench;

import dev.weir.engine.InputRecord;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.sink.OutputSink;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.RequestCounter;
import dev.weir.watermark.ShardActivity;
import dev.weir.watermark.ShardTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.joda.time.Instant;

/**
 * DynamoDB requests and capacity units per element of the blog's batched-RPC pipeline on DynamoDB
 * Local, in bundles of 100 JSON records (about 100 bytes each, 100 events per second of event
 * time), for a hot workload (10 keys) and a wide one (10,000 keys). Timers (stale, expiry, window
 * garbage collection) fire as the watermark and processing time move; their cost is included.
 *
 * <p>Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl local-test exec:java@store-cost}
 * (optional arguments: hot events, wide events).
 */
public final class StoreCostBenchmark {
  private static final int BUNDLE = 100;
  private static final int SWEEP_EVERY_BUNDLES = 20;

  private StoreCostBenchmark() {}

  public static void main(String[] args) {
    int hotEvents = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int wideEvents = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    System.out.println(
        "workload  keys    events  req/event  RCU/event  WCU/event  units/event  outputs");
    report("hot", 10, hotEvents);
    report("wide", 10_000, wideEvents);
    System.exit(0);
  }

  private static void report(String name, int keys, int events) {
    RequestCounter counter = new RequestCounter();
    DynamoDbStore store =
        new DynamoDbStore(
            EmbeddedDynamoDb.get().client(counter),
            new DynamoDbSchema(EmbeddedDynamoDb.TABLE, EmbeddedDynamoDb.uniquePipeline()));
    long[] outputs = {0};
    OutputSink<EnrichedEvent> sink = emitted -> outputs[0] += emitted.size();
    try (WeirEngine<String, Event, EnrichedEvent> engine =
        new WeirEngine<>(
            BatchedRpcPipeline.pipeline(
                BatchedRpcPipeline.MAX_BUFFER_SIZE, new CountingEnrichment("store-cost")),
            store.asStores(counter),
            sink)) {
      int bundles = 0;
      for (int offset = 0; offset < events; offset += BUNDLE) {
        Instant now = new Instant(offset * 10L);
        engine.processBundle("shardId-000000000000", bundle(offset, keys), now);
        if (++bundles % SWEEP_EVERY_BUNDLES == 0) {
          engine.sweep(now, ShardActivity.noneIdle(), ShardTopology.fixed());
        }
      }
      Instant end = new Instant(events * 10L + 3_600_000L);
      store.advanceGlobalWatermark(end.getMillis());
      engine.fireEventTimers(end);
      engine.fireProcessingTimers(end);
    }
    RequestCounter.Usage usage = counter.total();
    System.out.printf(
        Locale.ROOT,
        "%-8s %5d %9d %10.3f %10.3f %10.3f %12.3f %8d%n",
        name,
        keys,
        events,
        (double) usage.requests() / events,
        usage.readUnits() / events,
        usage.writeUnits() / events,
        usage.units() / events,
        outputs[0]);
    counter
        .usage()
        .forEach(
            (api, u) ->
                System.out.printf(
                    Locale.ROOT,
                    "    %-40s %8d requests %10.1f RCU %10.1f WCU%n",
                    api,
                    u.requests(),
                    u.readUnits(),
                    u.writeUnits()));
  }

  private static List<InputRecord> bundle(int offset, int keys) {
    List<InputRecord> bundle = new ArrayList<>(BUNDLE);
    for (int i = offset; i < offset + BUNDLE; i++) {
      Event event = new Event("user-" + (i % keys), i, i * 10L, "click-" + i);
      bundle.add(
          new InputRecord(
              Integer.toString(i + 1),
              event.key(),
              BatchedRpcPipeline.encode(event),
              new Instant(i * 10L)));
    }
    return bundle;
  }
}
