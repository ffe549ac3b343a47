package dev.weir.functions.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.sink.DeadLetter;
import dev.weir.sink.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Dead letters as JSON messages on an SQS queue, in batches within SQS's limits: ten messages and
 * {@link #MAX_BYTES} per message and per batch. A letter too large for one message (the record's
 * bytes, base64, of a record near Kinesis's 1 MiB) goes cut ({@link DeadLetter#cut}): the record
 * stays in the stream for its retention. The client is built at the first dead letter: most
 * containers never send one, and building it is part of every cold start otherwise.
 */
public final class SqsDeadLetters implements DeadLetters {
  /**
   * SQS's default message size limit (the template sets it on the queue), which also bounds the sum
   * of a batch's messages.
   */
  public static final int MAX_BYTES = 256 * 1024;

  private static final int MAX_BATCH_ENTRIES = 10;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Supplier<SqsClient> clients;
  private final String queueUrl;
  private SqsClient sqs;

  public SqsDeadLetters(Supplier<SqsClient> clients, String queueUrl) {
    this.clients = clients;
    this.queueUrl = queueUrl;
  }

  private synchronized SqsClient sqs() {
    if (sqs == null) {
      sqs = clients.get();
    }
    return sqs;
  }

  @Override
  public void send(List<DeadLetter> letters) {
    List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
    int batchBytes = 0;
    for (int i = 0; i < letters.size(); i++) {
      String body = body(letters.get(i));
      int bytes = body.getBytes(StandardCharsets.UTF_8).length;
      if (batch.size() == MAX_BATCH_ENTRIES || batchBytes + bytes > MAX_BYTES) {
        sendBatch(batch);
        batch = new ArrayList<>();
        batchBytes = 0;
      }
      batch.add(
          SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(body).build());
      batchBytes += bytes;
    }
    if (!batch.isEmpty()) {
      sendBatch(batch);
    }
  }

  private void sendBatch(List<SendMessageBatchRequestEntry> entries) {
    SendMessageBatchResponse response =
        sqs().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
    if (response.hasFailed() && !response.failed().isEmpty()) {
      throw new IllegalStateException(
          "the dead-letter queue refused "
              + response.failed().size()
              + " messages: "
              + response.failed());
    }
  }

  /** The letter as JSON, cut if it would not fit one message. */
  static String body(DeadLetter letter) {
    String whole = json(letter);
    if (whole.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
      return whole;
    }
    return json(letter.cut());
  }

  private static String json(DeadLetter letter) {
    try {
      return JSON.writeValueAsString(letter);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
