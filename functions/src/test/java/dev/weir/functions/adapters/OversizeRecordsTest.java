package dev.weir.functions.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.engine.InputRecord;
import dev.weir.engine.LateElement;
import dev.weir.engine.Letters;
import dev.weir.sink.DeadLetter;
import dev.weir.sink.RecordData;
import java.util.Arrays;
import java.util.Base64;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A record near Kinesis's 1 MiB cannot travel whole in a dead letter (SQS: 256 KiB) nor, once
 * base64'd, in a late-data envelope (Kinesis: 1 MiB): it travels as its first KiB with its size and
 * SHA-256, so its invocation does not fail on every retry; small records travel whole.
 */
class OversizeRecordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static InputRecord record(int size) {
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) 'z');
    return new InputRecord("7", "pk", data, new Instant(5));
  }

  @Test
  void aDeadLetterOfAOneMebibyteRecordIsCutToFitOneMessage() throws Exception {
    String body =
        SqsDeadLetters.body(
            Letters.record(
                "undecodable",
                "input",
                "shard-0",
                record(1024 * 1024),
                "k",
                "x".repeat(1_000_000)));

    assertThat(body.length()).isLessThanOrEqualTo(SqsDeadLetters.MAX_BYTES);
    DeadLetter letter = JSON.readValue(body, DeadLetter.class);
    assertThat(letter.data().complete()).isFalse();
    assertThat(letter.data().bytes()).isEqualTo(1024 * 1024);
    assertThat(Base64.getDecoder().decode(letter.data().base64()))
        .hasSize(RecordData.EXCERPT_BYTES);
    assertThat(letter.error()).hasSize(DeadLetter.MAX_ERROR_CHARS + 1);
  }

  @Test
  void aSmallRecordsDeadLetterCarriesItWhole() throws Exception {
    DeadLetter letter =
        JSON.readValue(
            SqsDeadLetters.body(
                Letters.record("undecodable", "input", "shard-0", record(10_000), null, "bad")),
            DeadLetter.class);

    assertThat(letter.data().complete()).isTrue();
    assertThat(Base64.getDecoder().decode(letter.data().base64())).hasSize(10_000);
    assertThat(letter.data()).isEqualTo(RecordData.whole(record(10_000).data()));
  }

  @Test
  void aLateOneMebibyteRecordsEnvelopeFitsOneKinesisRecord() throws Exception {
    byte[] envelope =
        KinesisLateData.envelope(
            new LateElement<>(record(1024 * 1024), "v", new Instant(3), GlobalWindow.INSTANCE));

    assertThat(envelope.length).isLessThanOrEqualTo(KinesisLateData.MAX_ENVELOPE_BYTES);
    JsonNode data = JSON.readTree(envelope).get("data");
    assertThat(data.get("complete").asBoolean()).isFalse();
    assertThat(data.get("bytes").asLong()).isEqualTo(1024 * 1024);
    assertThat(JSON.readTree(envelope).get("sequenceNumber").asText()).isEqualTo("7");
  }

  @Test
  void aSmallLateRecordTravelsWhole() throws Exception {
    JsonNode data =
        JSON.readTree(
                KinesisLateData.envelope(
                    new LateElement<>(record(100), "v", new Instant(3), GlobalWindow.INSTANCE)))
            .get("data");

    assertThat(data.get("complete").asBoolean()).isTrue();
    assertThat(Base64.getDecoder().decode(data.get("base64").asText())).hasSize(100);
  }
}
