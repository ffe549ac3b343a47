package dev.weir.bench.baseline;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.EnrichmentService;
import dev.weir.functions.examples.batchedrpc.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the two hand-rolled baselines share, so they differ only in how they talk to DynamoDB: the
 * item layout of {@link BaselineTable}, decoding, the state key (key and one-minute fixed window,
 * as Beam scopes state), the enrichment call of a full buffer, and the counters. There are no
 * timers: a buffer that never fills stays in the table, which is what the stale and expiry timers
 * of the post's DoFn exist to prevent, and what hand-rolled versions typically leave out.
 */
public abstract class BaselineHandler
    implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  /** The enrichment service the handlers call unless given one. */
  public static final String ENRICHMENT_NAME = "baseline";

  static final int MAX_BUFFER_SIZE = BatchedRpcPipeline.MAX_BUFFER_SIZE;
  static final long WINDOW_MILLIS = BatchedRpcPipeline.WINDOW.getMillis();
  private static final System.Logger LOG = System.getLogger(BaselineHandler.class.getName());

  final DynamoDbClient dynamo;
  final String table;
  private final Consumer<List<EnrichedEvent>> outputs;
  private final EnrichmentService enrichment;
  private final LongAdder events = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder flushes = new LongAdder();

  BaselineHandler(
      DynamoDbClient dynamo,
      String table,
      Consumer<List<EnrichedEvent>> outputs,
      EnrichmentService enrichment) {
    this.dynamo = dynamo;
    this.table = table;
    this.outputs = outputs;
    this.enrichment = enrichment == null ? new CountingEnrichment(ENRICHMENT_NAME) : enrichment;
  }

  /** Events applied to state (with their writes done). */
  public long eventsProcessed() {
    return events.sum();
  }

  /** Records skipped because they were not an event's JSON. */
  public long malformedRecords() {
    return malformed.sum();
  }

  /** Full buffers enriched and emitted: calls of the enrichment service. */
  public long flushes() {
    return flushes.sum();
  }

  /** A decoded record. */
  record Input(String sequenceNumber, byte[] json, Event event, String pk) {}

  /** Decodes a record, or logs and counts it as malformed and returns {@code null}. */
  Input decode(KinesisEvent.KinesisEventRecord record) {
    KinesisEvent.Record kinesis = record.getKinesis();
    ByteBuffer data = kinesis.getData();
    byte[] json = new byte[data.remaining()];
    data.duplicate().get(json);
    try {
      Event event = BatchedRpcPipeline.decode(json);
      return new Input(kinesis.getSequenceNumber(), json, event, pk(event));
    } catch (IOException | RuntimeException e) {
      malformed.increment();
      LOG.log(
          System.Logger.Level.WARNING,
          "skipping malformed record " + kinesis.getSequenceNumber() + ": " + e.getMessage());
      return null;
    }
  }

  /** The state key: the event's key and the start of its one-minute window. */
  static String pk(Event event) {
    long time = event.eventTimeMillis();
    return event.key() + "#" + (time - Math.floorMod(time, WINDOW_MILLIS));
  }

  /** One enrichment call for a full buffer: its events enriched, flush kind {@code SIZE}. */
  List<EnrichedEvent> enrich(List<byte[]> buffer) {
    List<Event> batch = new ArrayList<>(buffer.size());
    for (byte[] json : buffer) {
      try {
        batch.add(BatchedRpcPipeline.decode(json));
      } catch (IOException e) {
        throw new IllegalStateException("a buffered record no longer decodes", e);
      }
    }
    List<String> enrichments = enrichment.enrich(batch);
    List<EnrichedEvent> enriched = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      enriched.add(
          new EnrichedEvent(
              batch.get(i), enrichments.get(i), batch.size(), EnrichedEvent.Flush.SIZE));
    }
    flushes.increment();
    return enriched;
  }

  void emit(List<EnrichedEvent> enriched) {
    if (!enriched.isEmpty()) {
      outputs.accept(enriched);
    }
  }

  void processed(int count) {
    events.add(count);
  }

  /** Every record from {@code from} on, reported failed: Lambda replays from the first. */
  static StreamsEventResponse failedFrom(List<KinesisEvent.KinesisEventRecord> records, int from) {
    List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
    for (KinesisEvent.KinesisEventRecord record : records.subList(from, records.size())) {
      failures.add(
          new StreamsEventResponse.BatchItemFailure(record.getKinesis().getSequenceNumber()));
    }
    return new StreamsEventResponse(failures);
  }

  static void logFailure(String what, RuntimeException e) {
    LOG.log(System.Logger.Level.ERROR, what + " failed, reported for retry with the rest: " + e);
  }

  static Map<String, AttributeValue> key(String pk) {
    return Map.of(BaselineTable.PK, AttributeValue.fromS(pk));
  }

  /** The item holding {@code buffer} under {@code pk}. */
  static Map<String, AttributeValue> item(String pk, List<byte[]> buffer) {
    List<AttributeValue> values = new ArrayList<>(buffer.size());
    for (byte[] json : buffer) {
      values.add(AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(json)));
    }
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(BaselineTable.PK, AttributeValue.fromS(pk));
    item.put(BaselineTable.BUFFER, AttributeValue.fromL(values));
    item.put(BaselineTable.COUNT, AttributeValue.fromN(Integer.toString(buffer.size())));
    return item;
  }

  /** The records an item buffers, in arrival order; empty for no item. */
  static List<byte[]> buffer(Map<String, AttributeValue> item) {
    List<byte[]> buffer = new ArrayList<>();
    if (item != null && item.containsKey(BaselineTable.BUFFER)) {
      for (AttributeValue value : item.get(BaselineTable.BUFFER).l()) {
        buffer.add(value.b().asByteArrayUnsafe());
      }
    }
    return buffer;
  }
}
