package dev.weir.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.DecodedRecord;
import dev.weir.engine.InputRecord;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.OutputSink;
import dev.weir.state.KeyIds;
import dev.weir.state.KeyWorkspace;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.RequestCounter;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A bag of 100,000 elements of 500 bytes (50 MB) in one key and window: far beyond DynamoDB's 400
 * KB item limit. Appending reads nothing, reading returns every element in order, and clearing is
 * one write. Prints requests and capacity units of each phase.
 */
class LargeBagIT {
  private static final int ELEMENTS = Integer.getInteger("weir.largeBag.elements", 100_000);
  private static final int BUNDLE = 100;
  private static final int PAYLOAD_BYTES = 500;

  @Test
  void aBagOfFiftyMegabytesWorks() {
    RequestCounter counter = new RequestCounter();
    DynamoDbClient client = EmbeddedDynamoDb.get().client(counter);
    DynamoDbStore store = new DynamoDbStore(client, EmbeddedDynamoDb.get().ownTable());
    WeirPipeline<String, Event, String> pipeline =
        WeirPipeline.<String, Event, String>builder("large-bag")
            .input(BatchedRpcPipeline::decode, EventCoder.of())
            .key(Event::key, StringUtf8Coder.of())
            .eventTime(Event::eventTime)
            .doFn(new BagAppendFn(), StringUtf8Coder.of())
            .build();
    String padding = "x".repeat(PAYLOAD_BYTES - 12);
    try (WeirEngine<String, Event, String> engine =
        new WeirEngine<>(pipeline, store.asStores(), OutputSink.discarding())) {
      for (int offset = 0; offset < ELEMENTS; offset += BUNDLE) {
        List<DecodedRecord<String, Event>> bundle = new ArrayList<>(BUNDLE);
        for (int i = offset; i < offset + BUNDLE; i++) {
          Event event = new Event("big", i, 1_000, String.format("%010d", i) + padding);
          bundle.add(
              new DecodedRecord<>(
                  new InputRecord(Integer.toString(i + 1), "big", new byte[0], new Instant(0)),
                  "big",
                  event,
                  event.eventTime()));
        }
        assertThat(engine.processDecoded("shard-0", bundle, new Instant(0)).failedKeys()).isEmpty();
      }
      RequestCounter.Usage appends = counter.total();
      System.out.printf(
          "large bag: appended %,d elements in %,d requests, %.1f capacity units (%.3f per element)%n",
          ELEMENTS, appends.requests(), appends.units(), appends.units() / ELEMENTS);
      counter.reset();

      String keyId = new KeyIds<>(StringUtf8Coder.of()).idOf("big");
      BagState<String> bag =
          engine
              .host()
              .userState(KeyWorkspace.open(store, keyId), "big", GlobalWindow.INSTANCE, "payloads");
      int count = 0;
      for (String payload : bag.read()) {
        assertThat(payload).startsWith(String.format("%010d", count));
        count++;
      }
      assertThat(count).isEqualTo(ELEMENTS);
      RequestCounter.Usage read = counter.total();
      System.out.printf(
          "large bag: read %,d elements in %,d requests, %.1f read units%n",
          count, read.requests(), read.readUnits());
      counter.reset();

      KeyWorkspace clearing = KeyWorkspace.open(store, keyId);
      engine
          .host()
          .<BagState<String>>userState(clearing, "big", GlobalWindow.INSTANCE, "payloads")
          .clear();
      clearing.commit();
      RequestCounter.Usage clear = counter.total();
      System.out.printf(
          "large bag: cleared in %,d requests, %.1f write units%n",
          clear.requests(), clear.writeUnits());
      assertThat(clear.requests())
          .as("clear is a header read and one transaction")
          .isLessThanOrEqualTo(2);
      assertThat(
              engine
                  .host()
                  .<BagState<String>>userState(
                      KeyWorkspace.open(store, keyId), "big", GlobalWindow.INSTANCE, "payloads")
                  .isEmpty()
                  .read())
          .isTrue();
    }
  }
}
