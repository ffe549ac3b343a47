package dev.weir.functions.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.Event;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The timer handler: validated payloads, and duplicates or forgeries change nothing. */
class TimerFunctionTest {
  private TestWiring<Event, EnrichedEvent> test;
  private TimerFunction function;

  @BeforeEach
  void setUp() {
    test =
        new TestWiring<>(BatchedRpcPipeline.pipeline(10, new CountingEnrichment("timer-test")), 3);
    KinesisEvent batch = EventLoader.loadKinesisEvent("events/kinesis-batch.json");
    new ProcessorFunction(test.wiring).handleRequest(batch, null);
    function = new TimerFunction(test.wiring);
  }

  private static Map<String, Object> wakeup(long bucket) {
    Map<String, Object> payload = new HashMap<>();
    payload.put("pipeline", "batched-rpc");
    payload.put("bucket", bucket);
    return payload;
  }

  @Test
  void aWakeUpFiresTheDueStaleTimersAndADuplicateFiresNothing() {
    test.clock.set(test.clock.millis() + 60_000);
    long bucket = test.clock.millis() / 60_000 * 60_000;

    assertThat(function.handleRequest(wakeup(bucket), null)).containsEntry("fired", 3);
    assertThat(test.outputs).hasSize(5);
    assertThat(test.outputs)
        .allSatisfy(o -> assertThat(o.value().flush()).isEqualTo(EnrichedEvent.Flush.STALE));

    assertThat(function.handleRequest(wakeup(bucket), null)).containsEntry("fired", 0);
    assertThat(test.outputs).hasSize(5);
  }

  @Test
  void forgedPayloadsAreRejectedWithoutEffect() {
    test.clock.set(test.clock.millis() + 60_000);
    long bucket = test.clock.millis() / 60_000 * 60_000;
    Map<String, Object> otherPipeline = wakeup(bucket);
    otherPipeline.put("pipeline", "someone-else");
    Map<String, Object> notANumber = wakeup(bucket);
    notANumber.put("bucket", "soon");
    Map<String, Object> farFuture = wakeup(bucket + 3_600_000);
    Map<String, Object> offMinute = wakeup(bucket + 1);

    for (Map<String, Object> forged :
        new Map[] {otherPipeline, notANumber, farFuture, offMinute, null}) {
      assertThat(function.handleRequest(forged, null)).containsKey("rejected");
    }
    assertThat(test.outputs).isEmpty();
    assertThat(test.store.pendingTimerCount()).isPositive();
  }

  @Test
  void aRejectedPayloadIsLoggedByWhatIsWrongNotByWhatItHolds() {
    long bucket = test.clock.millis() / 60_000 * 60_000;
    String marker = "payload-marker-7f3a";
    Map<String, Object> otherPipeline = wakeup(bucket);
    otherPipeline.put("pipeline", marker);
    Map<String, Object> notANumber = wakeup(bucket);
    notANumber.put("bucket", marker);
    Map<String, Object> extraField = wakeup(bucket + 1);
    extraField.put("data", marker);

    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (Map<String, Object> forged : java.util.List.of(otherPipeline, notANumber, extraField)) {
        assertThat(function.handleRequest(forged, null)).containsKey("rejected");
      }
    } finally {
      System.setErr(err);
    }

    String logged = captured.toString(StandardCharsets.UTF_8);
    assertThat(logged)
        .contains(
            "rejected timer invocation: pipeline is not batched-rpc",
            "rejected timer invocation: bucket is not a number",
            "is not a minute we could have scheduled")
        .doesNotContain(marker);
  }
}
