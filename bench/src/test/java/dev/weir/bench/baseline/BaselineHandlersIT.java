package dev.weir.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.store.dynamodb.RequestCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Both hand-rolled baselines against DynamoDB Local, on hand-built Kinesis events. */
class BaselineHandlersIT {
  /** The start of a one-minute window. */
  private static final long WINDOW = 1_700_000_040_000L;

  enum Kind {
    NAIVE,
    CAREFUL
  }

  private final DynamoDbClient dynamo = EmbeddedDynamoDb.get().client(new RequestCounter());
  private final String table = "baseline-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final CountingEnrichment enrichment = new CountingEnrichment(table);
  private final List<EnrichedEvent> outputs = new ArrayList<>();
  private long sequence;

  @BeforeEach
  void createTable() {
    BaselineTable.create(dynamo, table);
  }

  private BaselineHandler handler(Kind kind, String tableName) {
    return kind == Kind.NAIVE
        ? new NaiveBaselineHandler(dynamo, tableName, outputs::addAll, enrichment)
        : new CarefulBaselineHandler(dynamo, tableName, outputs::addAll, enrichment);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void twentyFiveEventsOfOneKeyAreEnrichedInTwoBatchesOfTenAndFiveStayBuffered(Kind kind) {
    BaselineHandler handler = handler(kind, table);
    List<byte[]> records = new ArrayList<>();
    for (long id = 1; id <= 25; id++) {
      records.add(record("alice", id, WINDOW + id * 100));
    }

    for (List<byte[]> batch :
        List.of(records.subList(0, 8), records.subList(8, 17), records.subList(17, 25))) {
      assertThat(handler.handleRequest(kinesisEvent(batch), null).getBatchItemFailures()).isEmpty();
    }

    assertThat(outputs)
        .extracting(o -> o.event().id())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
    assertThat(outputs)
        .allSatisfy(
            o -> {
              assertThat(o.batchSize()).isEqualTo(10);
              assertThat(o.flush()).isEqualTo(EnrichedEvent.Flush.SIZE);
              assertThat(o.enrichment()).isEqualTo("profile-of-alice");
            });
    assertThat(enrichment.calls()).isEqualTo(2);
    assertThat(handler.flushes()).isEqualTo(2);
    assertThat(handler.eventsProcessed()).isEqualTo(25);
    assertThat(handler.malformedRecords()).isZero();
    assertThat(bufferedIds("alice#" + WINDOW)).containsExactly(21L, 22L, 23L, 24L, 25L);
    assertThat(storedCount("alice#" + WINDOW)).isEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void keysAndWindowsKeepSeparateBuffers(Kind kind) {
    BaselineHandler handler = handler(kind, table);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      records.add(record("alice", 1 + i, WINDOW + i * 100));
      if (i < 6) {
        records.add(record("bob", 101 + i, WINDOW + 59_000 + i * 100));
      }
      if (i < 4) {
        records.add(record("alice", 201 + i, WINDOW + 60_000 + i * 100));
      }
    }

    handler.handleRequest(kinesisEvent(records.subList(0, 11)), null);
    handler.handleRequest(kinesisEvent(records.subList(11, records.size())), null);

    assertThat(outputs)
        .extracting(o -> o.event().id())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
    assertThat(enrichment.calls()).isEqualTo(1);
    assertThat(bufferedIds("alice#" + WINDOW)).containsExactly(11L, 12L);
    assertThat(bufferedIds("alice#" + (WINDOW + 60_000))).containsExactly(201L, 202L, 203L, 204L);
    assertThat(bufferedIds("bob#" + WINDOW)).containsExactly(101L, 102L, 103L, 104L, 105L, 106L);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aMalformedRecordIsSkippedWithoutFailingTheBatch(Kind kind) {
    BaselineHandler handler = handler(kind, table);
    List<byte[]> records = new ArrayList<>();
    for (long id = 1; id <= 5; id++) {
      records.add(record("carol", id, WINDOW + id * 100));
    }
    records.add(2, "this is not json".getBytes(StandardCharsets.UTF_8));

    StreamsEventResponse response = handler.handleRequest(kinesisEvent(records), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(handler.malformedRecords()).isEqualTo(1);
    assertThat(handler.eventsProcessed()).isEqualTo(5);
    assertThat(bufferedIds("carol#" + WINDOW)).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aDynamoDbErrorReportsTheRestOfTheBatchForRetry(Kind kind) {
    BaselineHandler handler = handler(kind, "no-such-table-" + table);
    List<byte[]> records = List.of(record("dave", 1, WINDOW), record("dave", 2, WINDOW + 100));

    StreamsEventResponse response = handler.handleRequest(kinesisEvent(records), null);

    assertThat(response.getBatchItemFailures())
        .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(String.format("4959%052d", 1), String.format("4959%052d", 2));
    assertThat(handler.eventsProcessed()).isZero();
  }

  private static byte[] record(String key, long id, long eventTimeMillis) {
    return BatchedRpcPipeline.encode(
        new Event(key, id, eventTimeMillis, "page-view:/products/" + id + ':' + "x".repeat(64)));
  }

  private KinesisEvent kinesisEvent(List<byte[]> records) {
    List<KinesisEvent.KinesisEventRecord> kinesisRecords = new ArrayList<>();
    for (byte[] data : records) {
      String sequenceNumber = String.format("4959%052d", ++sequence);
      KinesisEvent.Record kinesis = new KinesisEvent.Record();
      kinesis.setSequenceNumber(sequenceNumber);
      kinesis.setPartitionKey("partition");
      kinesis.setData(ByteBuffer.wrap(data));
      kinesis.setApproximateArrivalTimestamp(new Date());
      kinesis.setKinesisSchemaVersion("1.0");
      KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
      record.setEventID("shardId-000000000000:" + sequenceNumber);
      record.setEventSource("aws:kinesis");
      record.setEventName("aws:kinesis:record");
      record.setKinesis(kinesis);
      kinesisRecords.add(record);
    }
    KinesisEvent event = new KinesisEvent();
    event.setRecords(kinesisRecords);
    return event;
  }

  private Map<String, AttributeValue> item(String pk) {
    return dynamo
        .getItem(r -> r.tableName(table).key(BaselineHandler.key(pk)).consistentRead(true))
        .item();
  }

  private List<Long> bufferedIds(String pk) {
    List<Long> ids = new ArrayList<>();
    for (byte[] json : BaselineHandler.buffer(item(pk))) {
      try {
        ids.add(BatchedRpcPipeline.decode(json).id());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ids;
  }

  private int storedCount(String pk) {
    return Integer.parseInt(item(pk).get(BaselineTable.COUNT).n());
  }
}
