package dev.weir.local.mapping;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.weir.store.SequenceNumbers;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Delivers one shard's records to a handler as Lambda's Kinesis event-source mapping does: in
 * batches of at most {@code batchSize}; a reported item failure replays the batch from the lowest
 * failed sequence number; a thrown error retries the batch, bisected if configured; after the
 * retries are spent, or for records too old, the records go to the on-failure destination and the
 * shard moves on. A retry comes later, not at once: after an exponential backoff with jitter, as
 * Lambda backs off a failing batch (only this lane waits; the shard's other lanes go on).
 */
public final class LambdaStyleInvoker {
  private final String streamArn;
  private final RequestHandler<KinesisEvent, StreamsEventResponse> handler;
  private final MappingSettings settings;
  private final Consumer<List<KinesisClientRecord>> onFailure;
  private final Clock clock;
  private final BackoffStrategy backoff;

  /** An invoker that backs off {@link #DEFAULT_BACKOFF} before retrying a batch that threw. */
  public LambdaStyleInvoker(
      String streamArn,
      RequestHandler<KinesisEvent, StreamsEventResponse> handler,
      MappingSettings settings,
      Consumer<List<KinesisClientRecord>> onFailure,
      Clock clock) {
    this(streamArn, handler, settings, onFailure, clock, DEFAULT_BACKOFF);
  }

  /**
   * Lambda doubles its wait between retries of a failing stream batch; locally the waits are scaled
   * down (from a tenth of a second, at most two) so a fault campaign stays minutes long, while a
   * retry still comes after the shard's other lanes have moved on.
   */
  public static final BackoffStrategy DEFAULT_BACKOFF =
      BackoffStrategy.exponentialDelayHalfJitter(Duration.ofMillis(100), Duration.ofSeconds(2));

  public LambdaStyleInvoker(
      String streamArn,
      RequestHandler<KinesisEvent, StreamsEventResponse> handler,
      MappingSettings settings,
      Consumer<List<KinesisClientRecord>> onFailure,
      Clock clock,
      BackoffStrategy backoff) {
    this.streamArn = streamArn;
    this.handler = handler;
    this.settings = settings;
    this.onFailure = onFailure;
    this.clock = clock;
    this.backoff = backoff;
  }

  /** Delivers {@code records} (in shard order) completely before returning. */
  public void deliver(String shardId, List<KinesisClientRecord> records) {
    for (int start = 0; start < records.size(); start += settings.batchSize()) {
      List<KinesisClientRecord> batch =
          records.subList(start, Math.min(records.size(), start + settings.batchSize()));
      invoke(shardId, batch, 0);
    }
  }

  private void invoke(String shardId, List<KinesisClientRecord> batch, int retriesSoFar) {
    List<KinesisClientRecord> pending = dropTooOld(batch);
    int retries = retriesSoFar;
    String lastFailure = null;
    while (!pending.isEmpty()) {
      try {
        StreamsEventResponse response = handler.handleRequest(event(shardId, pending), null);
        if (response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
          return;
        }
        String lowest =
            response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .min(SequenceNumbers::compare)
                .orElseThrow();
        pending =
            pending.stream()
                .filter(r -> SequenceNumbers.compare(r.sequenceNumber(), lowest) >= 0)
                .toList();
        lastFailure = "the function reported records from " + lowest + " failed";
      } catch (RuntimeException error) {
        lastFailure = "the function threw " + error;
        if (settings.bisectOnError() && pending.size() > 1) {
          pause(retries + 1);
          int half = pending.size() / 2;
          invoke(shardId, pending.subList(0, half), retries + 1);
          invoke(shardId, pending.subList(half, pending.size()), retries + 1);
          return;
        }
        if (retries < settings.maxRetryAttempts()) {
          pause(retries + 1);
        }
      }
      retries++;
      if (retries > settings.maxRetryAttempts()) {
        // Lambda's on-failure record names the condition too: why a batch was given up matters.
        System.err.println(
            "event-source mapping: shard "
                + shardId
                + " gives up "
                + pending.size()
                + " records after "
                + retries
                + " retries; last: "
                + lastFailure);
        onFailure.accept(pending);
        return;
      }
    }
  }

  private void pause(int attempt) {
    try {
      Thread.sleep(backoff.computeDelay(attempt).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }

  private List<KinesisClientRecord> dropTooOld(List<KinesisClientRecord> batch) {
    long oldest = clock.millis() - settings.maxRecordAgeMillis();
    List<KinesisClientRecord> fresh = new ArrayList<>();
    List<KinesisClientRecord> old = new ArrayList<>();
    for (KinesisClientRecord record : batch) {
      (record.approximateArrivalTimestamp().toEpochMilli() < oldest ? old : fresh).add(record);
    }
    if (!old.isEmpty()) {
      onFailure.accept(old);
    }
    return fresh;
  }

  private KinesisEvent event(String shardId, List<KinesisClientRecord> records) {
    List<KinesisEvent.KinesisEventRecord> eventRecords = new ArrayList<>();
    for (KinesisClientRecord record : records) {
      KinesisEvent.Record kinesis = new KinesisEvent.Record();
      ByteBuffer data = record.data().duplicate();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      kinesis.setData(ByteBuffer.wrap(bytes));
      kinesis.setSequenceNumber(record.sequenceNumber());
      kinesis.setPartitionKey(record.partitionKey());
      kinesis.setApproximateArrivalTimestamp(Date.from(record.approximateArrivalTimestamp()));
      kinesis.setKinesisSchemaVersion("1.0");
      KinesisEvent.KinesisEventRecord eventRecord = new KinesisEvent.KinesisEventRecord();
      eventRecord.setKinesis(kinesis);
      eventRecord.setEventID(shardId + ":" + record.sequenceNumber());
      eventRecord.setEventSource("aws:kinesis");
      eventRecord.setEventName("aws:kinesis:record");
      eventRecord.setEventVersion("1.0");
      eventRecord.setEventSourceARN(streamArn);
      eventRecord.setAwsRegion("local");
      eventRecords.add(eventRecord);
    }
    KinesisEvent event = new KinesisEvent();
    event.setRecords(eventRecords);
    return event;
  }
}
