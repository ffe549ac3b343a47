package dev.weir.functions.wiring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.weir.functions.adapters.RecordedAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The recorder on a real SDK client, against recorded Kinesis answers: a request that names no
 * stream is attributed to the stream its iterator came from, and a refusal is kept with the action.
 */
class AwsCallRecorderTest {
  private static final WireMockServer API = new WireMockServer(options().dynamicPort());
  private static final String STREAM = "arn:aws:kinesis:eu-west-1:111122223333:stream/input";

  @BeforeAll
  static void start() {
    System.setProperty("aws.cborEnabled", "false");
    API.start();
  }

  @AfterAll
  static void stop() {
    API.stop();
  }

  private static KinesisClient client(AwsCallRecorder recorder) {
    return RecordedAws.client(
        KinesisClient.builder().overrideConfiguration(c -> c.addExecutionInterceptor(recorder)),
        API);
  }

  private static void answer(String operation, int status, String body) {
    API.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", containing(operation))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body)));
  }

  @Test
  void getRecordsIsRecordedOnTheStreamItsIteratorCameFrom() {
    answer("GetShardIterator", 200, "{\"ShardIterator\":\"it-1\"}");
    answer(
        "GetRecords",
        200,
        "{\"Records\":[],\"NextShardIterator\":\"it-2\",\"MillisBehindLatest\":0}");
    AwsCallRecorder recorder = new AwsCallRecorder("111122223333");
    KinesisClient kinesis = client(recorder);

    String iterator =
        kinesis
            .getShardIterator(
                r ->
                    r.streamName("input")
                        .shardId("shardId-0")
                        .shardIteratorType(ShardIteratorType.LATEST))
            .shardIterator();
    String next = kinesis.getRecords(r -> r.shardIterator(iterator)).nextShardIterator();
    kinesis.getRecords(r -> r.shardIterator(next));

    assertThat(recorder.calls())
        .containsExactly(
            new AwsCall("kinesis:GetRecords", STREAM),
            new AwsCall("kinesis:GetShardIterator", STREAM));
    assertThat(recorder.denials()).isEmpty();
  }

  @Test
  void aRefusedCallIsKeptWithItsAction() {
    answer(
        "ListShards",
        403,
        "{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized to perform:"
            + " kinesis:ListShards\"}");
    AwsCallRecorder recorder = new AwsCallRecorder("111122223333");

    assertThatThrownBy(() -> client(recorder).listShards(r -> r.streamName("input")));

    assertThat(recorder.denials())
        .singleElement()
        .satisfies(d -> assertThat(d).contains("kinesis:ListShards on " + STREAM));
  }
}
