package dev.weir.local.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/** Lambda's Kinesis event-source semantics, as the local mapping applies them. */
class LambdaStyleInvokerTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private final List<List<String>> invocations = new ArrayList<>();
  private final List<String> failed = new ArrayList<>();

  private static KinesisClientRecord record(int sequence, Instant arrival) {
    return KinesisClientRecord.builder()
        .sequenceNumber(Integer.toString(sequence))
        .partitionKey("k" + sequence)
        .data(ByteBuffer.wrap(new byte[] {(byte) sequence}))
        .approximateArrivalTimestamp(arrival)
        .build();
  }

  private static List<KinesisClientRecord> records(int count) {
    List<KinesisClientRecord> records = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      records.add(record(i, NOW));
    }
    return records;
  }

  private LambdaStyleInvoker invoker(
      MappingSettings settings, Function<List<String>, StreamsEventResponse> behaviour) {
    return new LambdaStyleInvoker(
        "arn:aws:kinesis:local:0:stream/in",
        (KinesisEvent event, com.amazonaws.services.lambda.runtime.Context context) -> {
          List<String> sequences =
              event.getRecords().stream().map(r -> r.getKinesis().getSequenceNumber()).toList();
          invocations.add(sequences);
          return behaviour.apply(sequences);
        },
        settings,
        records -> records.forEach(r -> failed.add(r.sequenceNumber())),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static MappingSettings settings(int batchSize, boolean bisect, int retries) {
    return new MappingSettings(batchSize, 0, bisect, retries, 60_000, 1);
  }

  @Test
  void recordsGoInBatchesOfAtMostTheBatchSize() {
    invoker(settings(4, false, 2), s -> new StreamsEventResponse(List.of()))
        .deliver("shard-0", records(10));

    assertThat(invocations).extracting(List::size).containsExactly(4, 4, 2);
  }

  @Test
  void aReportedItemFailureReplaysFromTheLowestFailedRecord() {
    int[] calls = {0};
    invoker(
            settings(10, false, 2),
            s ->
                new StreamsEventResponse(
                    calls[0]++ == 0
                        ? List.of(
                            new StreamsEventResponse.BatchItemFailure("7"),
                            new StreamsEventResponse.BatchItemFailure("5"))
                        : List.of()))
        .deliver("shard-0", records(8));

    assertThat(invocations.get(1)).containsExactly("5", "6", "7", "8");
    assertThat(failed).isEmpty();
  }

  @Test
  void aThrowingBatchIsBisectedUntilThePoisonIsAloneThenSentToTheOnFailureDestination() {
    invoker(
            settings(8, true, 1),
            s -> {
              if (s.contains("3")) {
                throw new IllegalStateException("poison");
              }
              return new StreamsEventResponse(List.of());
            })
        .deliver("shard-0", records(8));

    assertThat(failed).containsExactly("3");
    assertThat(invocations).anySatisfy(s -> assertThat(s).containsExactly("4"));
    assertThat(invocations).anySatisfy(s -> assertThat(s).containsExactly("5", "6", "7", "8"));
  }

  @Test
  void retriesAreFiniteWithoutBisect() {
    invoker(
            settings(4, false, 2),
            s -> {
              throw new IllegalStateException("down");
            })
        .deliver("shard-0", records(4));

    assertThat(invocations).hasSize(3);
    assertThat(failed).containsExactly("1", "2", "3", "4");
  }

  @Test
  void recordsOlderThanTheMaximumAgeAreNotProcessed() {
    List<KinesisClientRecord> records =
        List.of(record(1, NOW.minusSeconds(120)), record(2, NOW.minusSeconds(1)));
    invoker(settings(10, false, 2), s -> new StreamsEventResponse(List.of()))
        .deliver("shard-0", records);

    assertThat(failed).containsExactly("1");
    assertThat(invocations).containsExactly(List.of("2"));
  }
}
