package dev.weir.functions.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Priming runs the DoFn for real, on parts of its own: the handler's store and sink see nothing.
 */
class PrimingTest {
  private static TestWiring<Event, EnrichedEvent> wiring() {
    return new TestWiring<>(
        BatchedRpcPipeline.pipeline(10, new CountingEnrichment("priming-test")), 3);
  }

  @Test
  void primingRunsTheDoFnAndItsTimersButLeavesTheRealStoreAndSinkUntouched() {
    TestWiring<Event, EnrichedEvent> test = wiring();
    List<byte[]> samples = new BatchedRpcPipeline().primingRecords();

    Priming.Result result = Priming.of(test.wiring.pipeline(), samples).run();

    int perBundle =
        (Priming.MIN_RECORDS_PER_BUNDLE + samples.size() - 1) / samples.size() * samples.size();
    assertThat(result.bundles()).isEqualTo(Priming.ROUNDS);
    assertThat(result.elements()).isEqualTo((long) Priming.ROUNDS * perBundle);
    assertThat(result.outputs()).isPositive();
    assertThat(result.processingTimersFired()).as("stale buffers").isPositive();
    assertThat(result.eventTimersFired()).as("window expiry").isPositive();

    assertThat(test.store.commitCount()).isZero();
    assertThat(test.store.shards()).isEmpty();
    assertThat(test.store.globalWatermark()).isEqualTo(Long.MIN_VALUE);
    assertThat(test.outputs).isEmpty();
    assertThat(test.deadLetters).isEmpty();
    assertThat(test.late).isEmpty();
    assertThat(test.wakeups).isEmpty();
    assertThat(test.wiring.engine().counters().snapshot())
        .allSatisfy((k, v) -> assertThat(v).isZero());
  }

  @Test
  void theHandlersDoFnStillWorksAfterPriming() {
    TestWiring<Event, EnrichedEvent> test = wiring();
    Priming.of(test.wiring.pipeline(), new BatchedRpcPipeline().primingRecords()).run();

    new ProcessorFunction(test.wiring)
        .handleRequest(EventLoader.loadKinesisEvent("events/kinesis-batch.json"), null);

    assertThat(test.wiring.engine().counters().elements()).isEqualTo(5);
    assertThat(test.store.commitCount()).isPositive();
  }

  @Test
  void withoutSampleRecordsOnlyTheTimerPathsRun() {
    TestWiring<Event, EnrichedEvent> test = wiring();

    Priming.Result result = Priming.of(test.wiring.pipeline(), List.of()).run();

    assertThat(result.bundles()).isZero();
    assertThat(result.elements()).isZero();
    assertThat(test.store.commitCount()).isZero();
  }

  @Test
  void sampleRecordsComeFromThePipelineProviderOrAreNone() {
    assertThat(Priming.sampleRecords(BatchedRpcPipeline.class.getName())).hasSize(36);
    assertThat(Priming.sampleRecords(String.class.getName())).isEmpty();
    assertThat(Priming.sampleRecords("no.such.Provider")).isEmpty();
    assertThat(Priming.sampleRecords(null)).isEmpty();
  }
}
