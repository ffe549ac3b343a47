package dev.weir.functions.adapters;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** PutRecords batching and the retry of refused entries, against recorded Kinesis answers. */
class KinesisWriterTest {
  private static final WireMockServer API = new WireMockServer(options().dynamicPort());
  private KinesisWriter writer;

  @BeforeAll
  static void start() {
    System.setProperty("aws.cborEnabled", "false");
    API.start();
  }

  @AfterAll
  static void stop() {
    API.stop();
  }

  @BeforeEach
  void setUp() {
    API.resetAll();
    KinesisClient client = RecordedAws.client(KinesisClient.builder(), API);
    writer = new KinesisWriter(client, "weir-output");
  }

  private static String answer(int failed, int total) {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      records.add(
          i < failed
              ? "{\"ErrorCode\":\"ProvisionedThroughputExceededException\",\"ErrorMessage\":\"slow down\"}"
              : "{\"SequenceNumber\":\"1\",\"ShardId\":\"shardId-000000000000\"}");
    }
    return "{\"FailedRecordCount\":" + failed + ",\"Records\":[" + String.join(",", records) + "]}";
  }

  @Test
  void refusedEntriesAreRetriedAlone() {
    API.stubFor(
        post(urlEqualTo("/"))
            .inScenario("throttled")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(200).withBody(answer(1, 3)))
            .willSetStateTo("retry"));
    API.stubFor(
        post(urlEqualTo("/"))
            .inScenario("throttled")
            .whenScenarioStateIs("retry")
            .willReturn(aResponse().withStatus(200).withBody(answer(0, 1))));

    writer.write(
        List.of(
            new KinesisWriter.Entry("a", new byte[] {1}),
            new KinesisWriter.Entry("b", new byte[] {2}),
            new KinesisWriter.Entry("c", new byte[] {3})));

    API.verify(2, postRequestedFor(urlEqualTo("/")));
    API.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(
                matchingJsonPath(
                    "$.Records.length()",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo("1")))
            .withRequestBody(
                matchingJsonPath(
                    "$.Records[0].PartitionKey",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo("a"))));
  }

  @Test
  void moreThanFiveHundredRecordsGoInSeveralRequests() {
    API.stubFor(
        post(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody(answer(0, 500))));
    List<KinesisWriter.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      entries.add(new KinesisWriter.Entry("k" + i, new byte[] {(byte) i}));
    }

    writer.write(entries);

    API.verify(3, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void entriesRefusedOnEveryAttemptFailLoudly() {
    API.stubFor(
        post(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody(answer(1, 1))));

    assertThatThrownBy(() -> writer.write(List.of(new KinesisWriter.Entry("a", new byte[] {1}))))
        .hasMessageContaining("still refused");
    assertThat(API.getAllServeEvents()).hasSize(KinesisWriter.MAX_ATTEMPTS);
  }
}
