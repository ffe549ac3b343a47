package dev.weir.functions.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.weir.engine.InputRecord;
import dev.weir.engine.ShardBatchProcessor;
import dev.weir.functions.adapters.EmfMetrics;
import dev.weir.functions.wiring.WeirEnvironment;
import dev.weir.functions.wiring.Wiring;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crac.Resource;
import org.joda.time.Instant;

/**
 * Kinesis event → one bundle per shard → partial-batch response: Lambda replays from the first
 * record reported failed (needs {@code FunctionResponseTypes: ReportBatchItemFailures}).
 */
public final class ProcessorFunction implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  private final Wiring<?, ?, ?> wiring;
  private final EmfMetrics metrics;

  /** Strong reference to the registered priming: CRaC holds resources weakly. */
  @SuppressWarnings("unused")
  private final Resource priming;

  /**
   * What Lambda calls: wiring from the environment, and {@link Priming} registered to run before a
   * SnapStart snapshot (and now, if {@value WeirEnvironment#PRIME_ON_INIT} is {@code true}).
   */
  public ProcessorFunction() {
    this(Wiring.instance(), true);
  }

  /** A handler over the given wiring, unprimed (tests, the local stack, priming itself). */
  public ProcessorFunction(Wiring<?, ?, ?> wiring) {
    this(wiring, false);
  }

  private ProcessorFunction(Wiring<?, ?, ?> wiring, boolean prime) {
    this.wiring = wiring;
    this.metrics = wiring.metrics("processor");
    this.priming = prime ? Priming.register(wiring, Priming.ClientReads.PROCESSOR) : null;
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    Map<String, List<InputRecord>> byShard = new LinkedHashMap<>();
    for (KinesisEvent.KinesisEventRecord record : event.getRecords()) {
      byShard
          .computeIfAbsent(shardOf(record.getEventID()), s -> new ArrayList<>())
          .add(inputRecord(record.getKinesis()));
    }
    List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
    long deadLettered = 0;
    Instant now = new Instant(wiring.clock().millis());
    for (Map.Entry<String, List<InputRecord>> shard : byShard.entrySet()) {
      ShardBatchProcessor.Outcome outcome =
          wiring.batches().process(shard.getKey(), shard.getValue(), now);
      deadLettered += outcome.deadLettered();
      outcome
          .replayFrom()
          .ifPresent(seq -> failures.add(new StreamsEventResponse.BatchItemFailure(seq)));
    }
    metrics.publish(
        now.getMillis(),
        wiring.engine().counters().snapshot(),
        Map.of(
            EmfMetrics.DEAD_LETTERED,
            (double) deadLettered,
            EmfMetrics.TIMER_FIRING_LATENESS,
            (double) wiring.engine().counters().takeMaxFiringLatenessMillis()));
    return new StreamsEventResponse(failures);
  }

  /** Event ids are {@code shardId-000000000000:<sequence number>}. */
  static String shardOf(String eventId) {
    int colon = eventId == null ? -1 : eventId.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not a Kinesis event id: " + eventId);
    }
    return eventId.substring(0, colon);
  }

  private static InputRecord inputRecord(KinesisEvent.Record record) {
    ByteBuffer data = record.getData();
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    return new InputRecord(
        record.getSequenceNumber(),
        record.getPartitionKey(),
        bytes,
        new Instant(record.getApproximateArrivalTimestamp().getTime()));
  }
}
