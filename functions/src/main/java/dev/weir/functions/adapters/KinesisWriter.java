package dev.weir.functions.adapters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Writes records to a Kinesis stream with {@code PutRecords}, at most 500 records or 5 MB a
 * request, retrying the entries Kinesis refused (throttling) with exponential backoff. Throws if
 * some entries still failed, so nothing is silently lost.
 */
public final class KinesisWriter {
  static final int MAX_RECORDS = 500;
  static final int MAX_BYTES = 5 * 1024 * 1024 - 64 * 1024;
  static final int MAX_ATTEMPTS = 6;
  private static final BackoffStrategy BACKOFF =
      BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofSeconds(2));

  /** One record to write. */
  public record Entry(String partitionKey, byte[] data) {}

  private final KinesisClient kinesis;
  private final String streamName;

  public KinesisWriter(KinesisClient kinesis, String streamName) {
    this.kinesis = kinesis;
    this.streamName = streamName;
  }

  public void write(List<Entry> entries) {
    List<Entry> batch = new ArrayList<>();
    int bytes = 0;
    for (Entry entry : entries) {
      int size = entry.data().length + entry.partitionKey().length();
      if (!batch.isEmpty() && (batch.size() == MAX_RECORDS || bytes + size > MAX_BYTES)) {
        putWithRetries(batch);
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(entry);
      bytes += size;
    }
    if (!batch.isEmpty()) {
      putWithRetries(batch);
    }
  }

  private void putWithRetries(List<Entry> batch) {
    List<Entry> pending = batch;
    for (int attempt = 1; ; attempt++) {
      List<PutRecordsRequestEntry> request =
          pending.stream()
              .map(
                  e ->
                      PutRecordsRequestEntry.builder()
                          .partitionKey(e.partitionKey())
                          .data(SdkBytes.fromByteArrayUnsafe(e.data()))
                          .build())
              .toList();
      PutRecordsResponse response =
          kinesis.putRecords(r -> r.streamName(streamName).records(request));
      if (response.failedRecordCount() == null || response.failedRecordCount() == 0) {
        return;
      }
      List<Entry> failed = new ArrayList<>();
      List<PutRecordsResultEntry> results = response.records();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).errorCode() != null) {
          failed.add(pending.get(i));
        }
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw new IllegalStateException(
            failed.size()
                + " records still refused by stream "
                + streamName
                + " after "
                + attempt
                + " attempts");
      }
      pending = failed;
      sleep(BACKOFF.computeDelay(attempt));
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying PutRecords", e);
    }
  }
}
