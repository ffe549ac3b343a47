package dev.weir.local.demo;

import dev.weir.functions.adapters.DeadLetter;
import dev.weir.functions.adapters.RecordData;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.local.stack.LocalStack;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which generated events are accounted for, and how: by id among the outputs, by the digest of
 * their bytes among the late records and the dead letters. Other records in the stream (a
 * campaign's bad inputs) count for nothing here.
 */
final class InputAccounting {
  private final Map<String, Long> idByDigest = new HashMap<>();
  private final Set<Long> ids = new HashSet<>();
  private final Set<Long> lateByDesign;

  /**
   * What is known so far.
   *
   * @param accounted generated events output, dropped as late or dead-lettered
   * @param late generated events dropped as late
   * @param falselyLate generated events dropped as late that were not late by design
   * @param deadLetters the dead letters of generated events
   */
  record Snapshot(long accounted, long late, long falselyLate, List<DeadLetter> deadLetters) {}

  InputAccounting(List<Event> events, Set<Long> lateByDesign) {
    for (Event event : events) {
      idByDigest.put(RecordData.whole(BatchedRpcPipeline.encode(event)).sha256(), event.id());
      ids.add(event.id());
    }
    this.lateByDesign = lateByDesign;
  }

  Snapshot of(LocalStack stack, Set<Long> outputEvents) {
    Set<Long> accounted = new HashSet<>();
    outputEvents.stream().filter(ids::contains).forEach(accounted::add);
    long late = 0;
    long falselyLate = 0;
    for (String digest : stack.lateDigests().values()) {
      Long id = idByDigest.get(digest);
      if (id != null && accounted.add(id)) {
        late++;
        falselyLate += lateByDesign.contains(id) ? 0 : 1;
      }
    }
    List<DeadLetter> letters =
        stack.deadLetters().stream()
            .filter(l -> l.data() != null && idByDigest.containsKey(l.data().sha256()))
            .toList();
    letters.forEach(l -> accounted.add(idByDigest.get(l.data().sha256())));
    return new Snapshot(accounted.size(), late, falselyLate, letters);
  }
}
