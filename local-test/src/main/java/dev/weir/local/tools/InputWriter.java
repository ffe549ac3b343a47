package dev.weir.local.tools;

import dev.weir.store.SequenceNumbers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Writes records into the input stream in batches of up to 500 (Kinesis' limit per request),
 * writing again those Kinesis refused (throttled), and remembers per shard the last sequence number
 * it got: once the pipeline's shard records reach them, the input has been consumed.
 */
final class InputWriter {
  private static final int MAX_BATCH = 500;
  private static final int MAX_ATTEMPTS = 10;

  private final KinesisClient kinesis;
  private final String stream;
  private final List<InputLines.Line> pending = new ArrayList<>();
  private final Map<String, String> lastSequenceByShard = new HashMap<>();
  private long written;

  InputWriter(KinesisClient kinesis, String stream) {
    this.kinesis = kinesis;
    this.stream = stream;
  }

  synchronized void add(InputLines.Line line) {
    pending.add(line);
    if (pending.size() == MAX_BATCH) {
      flush();
    }
  }

  synchronized void flush() {
    List<InputLines.Line> batch = new ArrayList<>(pending);
    pending.clear();
    for (int attempt = 1; !batch.isEmpty(); attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw new IllegalStateException(
            batch.size() + " records still refused by Kinesis after " + MAX_ATTEMPTS + " attempts");
      }
      List<InputLines.Line> sending = batch; // the request's lambda needs a variable it can keep
      PutRecordsResponse response =
          kinesis.putRecords(
              r ->
                  r.streamName(stream)
                      .records(
                          sending.stream()
                              .map(
                                  line ->
                                      PutRecordsRequestEntry.builder()
                                          .partitionKey(line.partitionKey())
                                          .data(SdkBytes.fromByteArray(line.data()))
                                          .build())
                              .toList()));
      List<InputLines.Line> refused = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        PutRecordsResultEntry result = response.records().get(i);
        if (result.errorCode() != null) {
          refused.add(batch.get(i));
        } else {
          written++;
          lastSequenceByShard.merge(
              result.shardId(), result.sequenceNumber(), SequenceNumbers::max);
        }
      }
      batch = refused;
      if (!batch.isEmpty()) {
        pause(attempt);
      }
    }
  }

  synchronized long written() {
    return written;
  }

  /** Per shard, the last sequence number written to it. */
  synchronized Map<String, String> lastSequenceByShard() {
    return Map.copyOf(lastSequenceByShard);
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(Math.min(2_000, 50L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing input", e);
    }
  }
}
