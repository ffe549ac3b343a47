package dev.weir.functions.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Dead letters as JSON messages on an SQS queue, ten per request (SQS's batch limit). The client is
 * built at the first dead letter: most containers never send one, and building it is part of every
 * cold start otherwise.
 */
public final class SqsDeadLetters implements DeadLetters {
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
    for (int start = 0; start < letters.size(); start += 10) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = start; i < Math.min(letters.size(), start + 10); i++) {
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .messageBody(json(letters.get(i)))
                .build());
      }
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
  }

  private static String json(DeadLetter letter) {
    try {
      return JSON.writeValueAsString(letter);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
