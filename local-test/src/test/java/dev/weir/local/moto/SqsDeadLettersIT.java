package dev.weir.local.moto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.engine.InputRecord;
import dev.weir.engine.Letters;
import dev.weir.functions.adapters.SqsDeadLetters;
import dev.weir.sink.DeadLetter;
import dev.weir.sink.RecordData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.joda.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Dead letters reach a queue with SQS's limits (moto enforces the queue's 256 KiB message size, as
 * the template sets it; the 256 KiB a batch may total, which moto does not enforce, is checked on
 * every request sent): a 1 MiB record's letter goes cut, with its size and SHA-256, and ten 30 KB
 * letters go whole, in batches within the limit.
 */
class SqsDeadLettersIT {
  private static MotoServer moto;
  private static final List<Integer> batchBytes = new ArrayList<>();
  private static SqsClient sqs;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void startMoto() throws Exception {
    Optional<String> unavailable = MotoServer.unavailable();
    assumeTrue(
        unavailable.isEmpty(),
        () -> "skipped: " + unavailable.get() + "; dead letters are not sent to SQS");
    moto = MotoServer.start(1_000, Path.of("target", "moto", "sqs-dead-letters.log"));
    sqs =
        SqsClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .overrideConfiguration(c -> c.addExecutionInterceptor(new BatchSizes()))
            .build();
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  /** Records what each batch request's messages total, in bytes. */
  static final class BatchSizes implements ExecutionInterceptor {
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof SendMessageBatchRequest batch) {
        batchBytes.add(
            batch.entries().stream()
                .map(SendMessageBatchRequestEntry::messageBody)
                .mapToInt(body -> body.getBytes(StandardCharsets.UTF_8).length)
                .sum());
      }
    }
  }

  private static String queue(String name) {
    return sqs.createQueue(
            b ->
                b.queueName(name)
                    .attributes(
                        Map.of(
                            QueueAttributeName.MAXIMUM_MESSAGE_SIZE,
                            Integer.toString(SqsDeadLetters.MAX_BYTES))))
        .queueUrl();
  }

  private static DeadLetter letter(int sequence, byte[] data) {
    return Letters.record(
        "undecodable",
        "input",
        "shardId-000000000000",
        new InputRecord(Integer.toString(sequence), "pk", data, new Instant(1_000)),
        null,
        "IllegalArgumentException: not JSON");
  }

  private static List<DeadLetter> receiveAll(String queueUrl, int expected) throws Exception {
    List<DeadLetter> received = new ArrayList<>();
    for (int polls = 0; polls < 20 && received.size() < expected; polls++) {
      for (Message message :
          sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages()) {
        assertThat(message.body().getBytes(StandardCharsets.UTF_8).length)
            .isLessThanOrEqualTo(SqsDeadLetters.MAX_BYTES);
        received.add(JSON.readValue(message.body(), DeadLetter.class));
      }
    }
    return received;
  }

  @Test
  void aLetterForAOneMebibyteRecordGoesCutWithItsSizeAndDigest() throws Exception {
    String queueUrl = queue("one-mebibyte");
    byte[] data = new byte[1024 * 1024];
    Arrays.fill(data, (byte) 'x');
    data[0] = '{';

    new SqsDeadLetters(() -> sqs, queueUrl).send(List.of(letter(1, data)));

    assertThat(receiveAll(queueUrl, 1))
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.data().complete()).isFalse();
              assertThat(letter.data().bytes()).isEqualTo(data.length);
              assertThat(letter.data().sha256())
                  .isEqualTo(
                      HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
              assertThat(Base64.getDecoder().decode(letter.data().base64()))
                  .isEqualTo(Arrays.copyOf(data, RecordData.EXCERPT_BYTES));
              assertThat(letter.stream()).isEqualTo("input");
              assertThat(letter.sequenceNumber()).isEqualTo("1");
            });
  }

  @Test
  void tenLettersOfThirtyKilobytesGoWholeInBatchesWithinTheLimit() throws Exception {
    String queueUrl = queue("ten-letters");
    List<DeadLetter> letters = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      byte[] data = new byte[30_000];
      Arrays.fill(data, (byte) ('a' + i));
      letters.add(letter(i, data));
    }
    batchBytes.clear();

    new SqsDeadLetters(() -> sqs, queueUrl).send(letters);

    assertThat(batchBytes)
        .isNotEmpty()
        .allSatisfy(bytes -> assertThat(bytes).isLessThanOrEqualTo(SqsDeadLetters.MAX_BYTES));
    List<DeadLetter> received = receiveAll(queueUrl, 10);
    assertThat(received).hasSize(10).allSatisfy(l -> assertThat(l.data().complete()).isTrue());
    assertThat(received)
        .extracting(DeadLetter::data)
        .containsExactlyInAnyOrderElementsOf(letters.stream().map(DeadLetter::data).toList());
  }
}
