package dev.weir.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.EnrichmentService;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The batched-RPC DoFn written the way many users write it without Weir: record by record, read the
 * key-and-window's item (a strongly consistent {@code GetItem}), append the record, and either
 * flush a full buffer (enrich, emit, {@code DeleteItem}) or {@code PutItem} the grown item back.
 *
 * <p>Two requests per event, and since a {@code PutItem} is billed for the larger of the old and
 * new item, the growing buffer is paid for again on every event. Nothing makes it exactly-once: a
 * retried batch appends its records again and may emit duplicates. On any error the record and the
 * rest of the batch are reported as {@code batchItemFailures}, as the AWS documentation shows, so
 * Lambda retries from that record. Malformed records are logged, counted and skipped.
 */
public final class NaiveBaselineHandler extends BaselineHandler {

  /** A handler calling the {@value BaselineHandler#ENRICHMENT_NAME} counting enrichment. */
  public NaiveBaselineHandler(
      DynamoDbClient dynamo, String table, Consumer<List<EnrichedEvent>> outputs) {
    this(dynamo, table, outputs, null);
  }

  public NaiveBaselineHandler(
      DynamoDbClient dynamo,
      String table,
      Consumer<List<EnrichedEvent>> outputs,
      EnrichmentService enrichment) {
    super(dynamo, table, outputs, enrichment);
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    List<KinesisEvent.KinesisEventRecord> records = event.getRecords();
    for (int i = 0; i < records.size(); i++) {
      Input input = decode(records.get(i));
      if (input == null) {
        continue;
      }
      try {
        process(input);
      } catch (RuntimeException e) {
        logFailure("record " + input.sequenceNumber(), e);
        return failedFrom(records, i);
      }
    }
    return new StreamsEventResponse(List.of());
  }

  private void process(Input input) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                r ->
                    r.tableName(table)
                        .key(key(input.pk()))
                        .consistentRead(true)
                        .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
            .item();
    List<byte[]> buffer = buffer(item);
    int count =
        item == null || !item.containsKey(BaselineTable.COUNT)
            ? 0
            : Integer.parseInt(item.get(BaselineTable.COUNT).n());
    buffer.add(input.json());
    count++;
    if (count >= MAX_BUFFER_SIZE) {
      emit(enrich(buffer));
      dynamo.deleteItem(
          r ->
              r.tableName(table)
                  .key(key(input.pk()))
                  .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
    } else {
      dynamo.putItem(
          r ->
              r.tableName(table)
                  .item(item(input.pk(), buffer))
                  .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
    }
    processed(1);
  }
}
