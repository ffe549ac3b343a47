package dev.weir.functions.adapters;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.weir.store.ShardRecord;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.watermark.ShardActivity;
import dev.weir.watermark.ShardWatermarks;
import dev.weir.watermark.WatermarkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.joda.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** A reshard as {@code ListShards} reports it, turned into shard records. */
class KinesisShardTopologyTest {
  private static final WireMockServer API = new WireMockServer(options().dynamicPort());

  @BeforeAll
  static void start() {
    System.setProperty("aws.cborEnabled", "false");
    API.start();
  }

  @AfterAll
  static void stop() {
    API.stop();
  }

  @Test
  void aFinishedParentClosesAndItsChildrenRecordItAsParent() {
    API.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        """
                        {"Shards":[
                          {"ShardId":"shardId-000000000000",
                           "HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"340282366920938463463374607431768211455"},
                           "SequenceNumberRange":{"StartingSequenceNumber":"100","EndingSequenceNumber":"199"}},
                          {"ShardId":"shardId-000000000001","ParentShardId":"shardId-000000000000",
                           "HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"170141183460469231731687303715884105727"},
                           "SequenceNumberRange":{"StartingSequenceNumber":"200"}},
                          {"ShardId":"shardId-000000000002","ParentShardId":"shardId-000000000000",
                           "HashKeyRange":{"StartingHashKey":"170141183460469231731687303715884105728","EndingHashKey":"340282366920938463463374607431768211455"},
                           "SequenceNumberRange":{"StartingSequenceNumber":"201"}}]}
                        """)));
    KinesisClient kinesis = RecordedAws.client(KinesisClient.builder(), API);
    InMemoryStore store = new InMemoryStore();
    store.replaceShard(
        Optional.empty(),
        new ShardRecord("shardId-000000000000", 95_000, 100_000, "199", List.of(), false));

    new KinesisShardTopology(kinesis, "weir-input").refresh(store);

    assertThat(store.shard("shardId-000000000000").orElseThrow().closed()).isTrue();
    assertThat(store.shard("shardId-000000000001").orElseThrow().parentShardIds())
        .containsExactly("shardId-000000000000");
    assertThat(store.shard("shardId-000000000002").orElseThrow().parentShardIds())
        .containsExactly("shardId-000000000000");
  }

  @Test
  void aShardWithoutProgressYetHoldsTheGlobalWatermarkUntilItsFirstBundle() {
    API.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        """
                        {"Shards":[
                          {"ShardId":"shardId-000000000000",
                           "HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"170141183460469231731687303715884105727"},
                           "SequenceNumberRange":{"StartingSequenceNumber":"100"}},
                          {"ShardId":"shardId-000000000001",
                           "HashKeyRange":{"StartingHashKey":"170141183460469231731687303715884105728","EndingHashKey":"340282366920938463463374607431768211455"},
                           "SequenceNumberRange":{"StartingSequenceNumber":"101"}}]}
                        """)));
    KinesisClient kinesis = RecordedAws.client(KinesisClient.builder(), API);
    InMemoryStore store = new InMemoryStore();
    store.replaceShard(
        Optional.empty(),
        new ShardRecord("shardId-000000000000", 95_000, 100_000, "150", List.of(), false));

    new KinesisShardTopology(kinesis, "weir-input").refresh(store);

    // Its first bundles may be failing, or still to come behind a backlog: its records are not
    // late because other shards moved on.
    assertThat(store.shard("shardId-000000000001")).isPresent();
    assertThat(
            ShardWatermarks.global(
                store.shards(),
                ShardActivity.noneIdle(),
                WatermarkPolicy.boundedOutOfOrderness(Duration.ZERO),
                200_000))
        .hasValue(Long.MIN_VALUE);
  }

  @Test
  void aClosedShardTheStreamNoLongerListsIsForgottenAnOpenOneIsNot() {
    API.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        """
                        {"Shards":[
                          {"ShardId":"shardId-000000000003","ParentShardId":"shardId-000000000000",
                           "HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"340282366920938463463374607431768211455"},
                           "SequenceNumberRange":{"StartingSequenceNumber":"300"}}]}
                        """)));
    KinesisClient kinesis = RecordedAws.client(KinesisClient.builder(), API);
    InMemoryStore store = new InMemoryStore();
    ShardRecord expired = new ShardRecord("shardId-000000000000", 9, 10, "199", List.of(), true);
    ShardRecord unlistedButOpen =
        new ShardRecord("shardId-000000000001", 9, 10, "250", List.of(), false);
    store.replaceShard(Optional.empty(), expired);
    store.replaceShard(Optional.empty(), unlistedButOpen);

    new KinesisShardTopology(kinesis, "weir-input").refresh(store);

    assertThat(store.shards())
        .extracting(ShardRecord::shardId)
        .containsExactlyInAnyOrder("shardId-000000000001", "shardId-000000000003");
  }

  /**
   * A sweep rewrites a shard's record when its topology changes; the holds of keys whose records
   * failed (and will come back) must survive it, or the next sweep releases them and the retried
   * records arrive late.
   */
  @Test
  void aSweepKeepsTheHoldsOfFailedKeys() {
    API.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        """
                        {"Shards":[
                          {"ShardId":"shardId-000000000005","ParentShardId":"shardId-000000000000",
                           "HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"340282366920938463463374607431768211455"},
                           "SequenceNumberRange":{"StartingSequenceNumber":"500"}}]}
                        """)));
    KinesisClient kinesis = RecordedAws.client(KinesisClient.builder(), API);
    InMemoryStore store = new InMemoryStore();
    store.replaceShard(
        Optional.empty(),
        new ShardRecord(
            "shardId-000000000005", 5_000, 90_000, "550", List.of(), false, Map.of("k1", 6_000L)));

    new KinesisShardTopology(kinesis, "weir-input").refresh(store);

    ShardRecord swept = store.shard("shardId-000000000005").orElseThrow();
    assertThat(swept.parentShardIds()).containsExactly("shardId-000000000000");
    assertThat(swept.holds()).containsEntry("k1", 6_000L);
    assertThat(
            ShardWatermarks.global(
                store.shards(),
                shard -> true, // caught up: only the hold keeps it back
                WatermarkPolicy.boundedOutOfOrderness(Duration.ZERO),
                200_000))
        .hasValue(6_000);
  }

  /**
   * A lease whose records arrived longer ago than the stream keeps records (and an hour) holds no
   * more: the event source gave its batch up, no retry will release it. A younger one stays.
   */
  @Test
  void aSweepDropsOnlyLeasesWhoseRecordsAreBeyondTheStreamsRetention() {
    API.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        """
                        {"Shards":[
                          {"ShardId":"shardId-000000000006",
                           "HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"340282366920938463463374607431768211455"},
                           "SequenceNumberRange":{"StartingSequenceNumber":"600"}}]}
                        """)));
    KinesisClient kinesis = RecordedAws.client(KinesisClient.builder(), API);
    InMemoryStore store = new InMemoryStore();
    long now = java.time.Duration.ofHours(30).toMillis();
    dev.weir.store.InFlightBatch abandoned = new dev.weir.store.InFlightBatch("601", "605", 7, 0);
    dev.weir.store.InFlightBatch retried =
        new dev.weir.store.InFlightBatch("610", "615", 8, now - 3_600_000);
    store.replaceShard(
        Optional.empty(),
        new ShardRecord(
            "shardId-000000000006",
            5,
            9,
            "615",
            List.of(),
            false,
            Map.of(),
            List.of(abandoned, retried)));

    new KinesisShardTopology(
            kinesis,
            "weir-input",
            java.time.Duration.ofHours(24),
            java.time.Clock.fixed(java.time.Instant.ofEpochMilli(now), java.time.ZoneOffset.UTC))
        .refresh(store);

    assertThat(store.shard("shardId-000000000006").orElseThrow().leases()).containsExactly(retried);
  }
}
