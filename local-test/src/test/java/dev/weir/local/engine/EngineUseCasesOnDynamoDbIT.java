package dev.weir.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.BundleResult;
import dev.weir.engine.InputRecord;
import dev.weir.engine.WeirEngine;
import dev.weir.fixtures.CountPerKeyFn;
import dev.weir.fixtures.FiringOrderFn;
import dev.weir.fixtures.KeyColonPayload;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.store.dynamodb.DynamoDbStore;
import java.util.ArrayList;
import java.util.List;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The engine's use cases, as {@code runtime-lib} specifies them with its shared fixtures, on the
 * real store: replays skipped and strict timer order hold on DynamoDB Local too.
 */
class EngineUseCasesOnDynamoDbIT {
  private final DynamoDbStore store = EmbeddedDynamoDb.get().newStore();
  private final List<EngineOutput<String>> outputs = new ArrayList<>();

  private List<String> values() {
    return outputs.stream().map(EngineOutput::value).toList();
  }

  @Test
  void aReplayedRecordIsSkipped() {
    WeirPipeline<String, String, String> pipeline =
        KeyColonPayload.pipeline("count-on-dynamodb", new CountPerKeyFn());
    WeirEngine<String, String, String> engine =
        new WeirEngine<>(pipeline, store.asStores(), outputs::addAll);
    InputRecord first = KeyColonPayload.record(pipeline, "1", "k:a");
    engine.processBundle("shard-0", List.of(first), new Instant(0));

    BundleResult<String> replay =
        engine.processBundle(
            "shard-0",
            List.of(first, KeyColonPayload.record(pipeline, "2", "k:b")),
            new Instant(0));

    assertThat(replay.replaysSkipped()).isEqualTo(1);
    assertThat(values()).containsExactly("k#1", "k#2");
  }

  @Test
  void dueTimersFireInStrictOrder() {
    WeirPipeline<String, String, String> pipeline =
        KeyColonPayload.pipeline("order-on-dynamodb", new FiringOrderFn());
    WeirEngine<String, String, String> engine =
        new WeirEngine<>(pipeline, store.asStores(), outputs::addAll);
    engine.processBundle(
        "shard-0", List.of(KeyColonPayload.record(pipeline, "1", "k:go")), new Instant(0));

    store.advanceGlobalWatermark(60_000);
    engine.fireEventTimers(new Instant(0));

    assertThat(values()).containsExactly("t10", "t15", "t20", "t30");
  }
}
