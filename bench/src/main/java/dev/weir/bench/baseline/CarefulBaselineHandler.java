package dev.weir.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.EnrichmentService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The batched-RPC DoFn hand-rolled by a careful user: per Lambda batch, decode everything, group
 * the events by key and window (keeping their order), read all touched items with one strongly
 * consistent {@code BatchGetItem} per 100 keys, apply the events in memory (enriching every full
 * buffer), emit the batch's outputs once, then write each touched item once, 25 to a {@code
 * BatchWriteItem} (DynamoDB's limit) with its unprocessed items retried after a backoff: a put of
 * the final buffer, a delete when it ended empty (no write at all when there was no item).
 *
 * <p>This is what Weir's own batching gives for free, minus what this handler does not do: no
 * timers, so unfilled buffers are never flushed; no exactly-once, so a retried batch re-applies its
 * events and a failure after the outputs were emitted duplicates them. Any error reports the whole
 * batch as {@code batchItemFailures}.
 */
public final class CarefulBaselineHandler extends BaselineHandler {
  static final int MAX_KEYS_PER_BATCH_GET = 100;
  static final int MAX_ITEMS_PER_BATCH_WRITE = 25;
  private static final int MAX_ATTEMPTS = 8;
  private static final long FIRST_BACKOFF_MILLIS = 25;

  /** A handler calling the {@value BaselineHandler#ENRICHMENT_NAME} counting enrichment. */
  public CarefulBaselineHandler(
      DynamoDbClient dynamo, String table, Consumer<List<EnrichedEvent>> outputs) {
    this(dynamo, table, outputs, null);
  }

  public CarefulBaselineHandler(
      DynamoDbClient dynamo,
      String table,
      Consumer<List<EnrichedEvent>> outputs,
      EnrichmentService enrichment) {
    super(dynamo, table, outputs, enrichment);
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    List<KinesisEvent.KinesisEventRecord> records = event.getRecords();
    Map<String, List<Input>> byPk = new LinkedHashMap<>();
    int decoded = 0;
    for (KinesisEvent.KinesisEventRecord record : records) {
      Input input = decode(record);
      if (input != null) {
        byPk.computeIfAbsent(input.pk(), pk -> new ArrayList<>()).add(input);
        decoded++;
      }
    }
    try {
      Map<String, List<byte[]>> stored = read(new ArrayList<>(byPk.keySet()));
      List<EnrichedEvent> enriched = new ArrayList<>();
      Map<String, List<byte[]>> buffers = new LinkedHashMap<>();
      for (Map.Entry<String, List<Input>> entry : byPk.entrySet()) {
        List<byte[]> buffer = new ArrayList<>(stored.getOrDefault(entry.getKey(), List.of()));
        for (Input input : entry.getValue()) {
          buffer.add(input.json());
          if (buffer.size() >= MAX_BUFFER_SIZE) {
            enriched.addAll(enrich(buffer));
            buffer = new ArrayList<>();
          }
        }
        buffers.put(entry.getKey(), buffer);
      }
      emit(enriched);
      write(buffers, stored.keySet());
    } catch (RuntimeException e) {
      logFailure("batch of " + records.size() + " records", e);
      return failedFrom(records, 0);
    }
    processed(decoded);
    return new StreamsEventResponse(List.of());
  }

  /** The stored buffer of each of {@code pks} that has an item. */
  private Map<String, List<byte[]>> read(List<String> pks) {
    Map<String, List<byte[]>> stored = new HashMap<>();
    for (int from = 0; from < pks.size(); from += MAX_KEYS_PER_BATCH_GET) {
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      for (String pk : pks.subList(from, Math.min(pks.size(), from + MAX_KEYS_PER_BATCH_GET))) {
        keys.add(key(pk));
      }
      Map<String, KeysAndAttributes> request =
          Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
      for (int attempt = 1; !request.isEmpty(); attempt++) {
        if (attempt > MAX_ATTEMPTS) {
          throw new IllegalStateException(
              "keys still unprocessed after " + MAX_ATTEMPTS + " tries");
        }
        if (attempt > 1) {
          sleep(FIRST_BACKOFF_MILLIS << (attempt - 2));
        }
        Map<String, KeysAndAttributes> requestItems = request;
        BatchGetItemResponse response =
            dynamo.batchGetItem(
                r ->
                    r.requestItems(requestItems)
                        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
        List<Map<String, AttributeValue>> items =
            response.responses().getOrDefault(table, List.of());
        for (Map<String, AttributeValue> item : items) {
          stored.put(item.get(BaselineTable.PK).s(), buffer(item));
        }
        request = response.unprocessedKeys();
      }
    }
    return stored;
  }

  /** Puts every non-empty buffer and deletes the items of those that ended empty. */
  private void write(Map<String, List<byte[]>> buffers, java.util.Set<String> hadItem) {
    List<WriteRequest> writes = new ArrayList<>();
    buffers.forEach(
        (pk, buffer) -> {
          if (!buffer.isEmpty()) {
            writes.add(WriteRequest.builder().putRequest(p -> p.item(item(pk, buffer))).build());
          } else if (hadItem.contains(pk)) {
            writes.add(WriteRequest.builder().deleteRequest(d -> d.key(key(pk))).build());
          }
        });
    for (int from = 0; from < writes.size(); from += MAX_ITEMS_PER_BATCH_WRITE) {
      Map<String, List<WriteRequest>> request =
          Map.of(
              table,
              writes.subList(from, Math.min(writes.size(), from + MAX_ITEMS_PER_BATCH_WRITE)));
      for (int attempt = 1; !request.isEmpty(); attempt++) {
        if (attempt > MAX_ATTEMPTS) {
          throw new IllegalStateException(
              "items still unprocessed after " + MAX_ATTEMPTS + " tries");
        }
        if (attempt > 1) {
          sleep(FIRST_BACKOFF_MILLIS << (attempt - 2));
        }
        Map<String, List<WriteRequest>> requestItems = request;
        BatchWriteItemResponse response =
            dynamo.batchWriteItem(
                r ->
                    r.requestItems(requestItems)
                        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
        request = response.unprocessedItems();
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted between batch retries", e);
    }
  }
}
