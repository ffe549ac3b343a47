package dev.weir.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.BundleResult;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.state.KeyWorkspace;
import dev.weir.testing.WeirTestDriver;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The largest state value Weir accepts fits a DynamoDB item (DynamoDB Local enforces the 400 KB
 * limit) as a value, a map entry and a bag element; a larger one fails its record with a clear
 * message instead of failing every commit of its key in the store.
 */
class StateValueLimitIT {
  /** Keeps each event's payload as a value, a map entry and a bag element. */
  static class KeepPayloadFn extends DoFn<KV<String, Event>, String> {
    @StateId("last")
    private final StateSpec<ValueState<String>> lastSpec = StateSpecs.value(StringUtf8Coder.of());

    @StateId("byId")
    private final StateSpec<MapState<String, String>> byIdSpec =
        StateSpecs.map(StringUtf8Coder.of(), StringUtf8Coder.of());

    @StateId("all")
    private final StateSpec<BagState<String>> allSpec = StateSpecs.bag(StringUtf8Coder.of());

    @ProcessElement
    public void process(
        @Element KV<String, Event> element,
        @StateId("last") ValueState<String> last,
        @StateId("byId") MapState<String, String> byId,
        @StateId("all") BagState<String> all) {
      String payload = element.getValue().payload();
      last.write(payload);
      byId.put(Long.toString(element.getValue().id()), payload);
      all.add(payload);
    }
  }

  private static WeirTestDriver<String, Event, String> driver() {
    return WeirTestDriver.of(
        WeirPipeline.<String, Event, String>builder("value-limit")
            .input(BatchedRpcPipeline::decode, EventCoder.of())
            .key(Event::key, StringUtf8Coder.of())
            .eventTime(Event::eventTime)
            .doFn(new KeepPayloadFn(), StringUtf8Coder.of())
            .build(),
        EmbeddedDynamoDb.get().newStore().asStores(),
        new Instant(0));
  }

  @Test
  void theLargestValueAcceptedFitsADynamoDbItem() {
    String payload = "p".repeat(KeyWorkspace.MAX_VALUE_BYTES - 16);
    try (var driver = driver()) {
      assertThat(driver.send(new Event("big", 1, 1_000, payload)).failedKeys()).isEmpty();
      assertThat(driver.send(new Event("big", 2, 1_000, payload)).failedKeys()).isEmpty();

      ValueState<String> last = driver.state("big", GlobalWindow.INSTANCE, "last");
      BagState<String> all = driver.state("big", GlobalWindow.INSTANCE, "all");
      assertThat(last.read()).isEqualTo(payload);
      assertThat(all.read()).containsExactly(payload, payload);
    }
  }

  @Test
  void aLargerValueFailsItsRecordWithAClearMessage() {
    try (var driver = driver()) {
      BundleResult<Event> result =
          driver.send(new Event("huge", 1, 1_000, "h".repeat(1024 * 1024)));

      assertThat(result.failedKeys())
          .singleElement()
          .satisfies(
              key ->
                  assertThat(key.error())
                      .hasStackTraceContaining(
                          "exceeds the 358,400 bytes one state value may hold"));
    }
  }
}
