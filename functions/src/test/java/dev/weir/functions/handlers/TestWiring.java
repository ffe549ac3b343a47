package dev.weir.functions.handlers;

import dev.weir.engine.LateElement;
import dev.weir.functions.wiring.SettableClock;
import dev.weir.functions.wiring.Wiring;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.DeadLetter;
import dev.weir.sink.EngineOutput;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.watermark.ShardActivity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The functions' wiring on in-memory parts that record what reaches them: the in-memory store,
 * output and dead-letter lists, a settable clock and settable idle shards.
 */
final class TestWiring<V, O> {
  final InMemoryStore store = new InMemoryStore();
  final List<EngineOutput<O>> outputs = new ArrayList<>();
  final List<DeadLetter> deadLetters = new ArrayList<>();
  final List<LateElement<V>> late = new ArrayList<>();
  final List<Long> wakeups = new ArrayList<>();
  final Set<String> idleShards = new HashSet<>();

  /** Makes the output stream refuse every record, as Kinesis does when throttled past retries. */
  boolean outputsRefused;

  /** Makes the late-data stream refuse every record. */
  boolean lateRefused;

  /** Makes the dead-letter queue refuse every letter. */
  boolean deadLettersRefused;

  final SettableClock clock = new SettableClock(1_700_000_000_000L);
  final Wiring<String, V, O> wiring;

  TestWiring(WeirPipeline<String, V, O> pipeline, int maxAttempts) {
    ShardActivity activity = shard -> idleShards.contains(shard.shardId());
    wiring =
        new Wiring<>(
            Wiring.Parts.builder(pipeline)
                .inputStream("input")
                .stores(store.asStores())
                .outputs(
                    emitted -> {
                      if (outputsRefused) {
                        throw new IllegalStateException("the output stream refused the records");
                      }
                      outputs.addAll(emitted);
                    })
                .deadLetters(
                    letters -> {
                      if (deadLettersRefused) {
                        throw new IllegalStateException(
                            "the dead-letter queue refused the letters");
                      }
                      deadLetters.addAll(letters);
                    })
                .lateData(
                    lateElements -> {
                      if (lateRefused) {
                        throw new IllegalStateException("the late-data stream refused the records");
                      }
                      late.addAll(lateElements);
                    })
                .wakeups(wakeups::add)
                .activity(activity)
                .clock(clock)
                .maxAttempts(maxAttempts)
                .build());
  }

  /** A clock tests move by hand. */
}
