package dev.weir.local.demo;

import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.local.stack.EmulatedStack;
import dev.weir.sink.DeadLetter;
import dev.weir.sink.RecordData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which generated events are accounted for, and how: by id among the outputs, by the digest of
 * their bytes among the late records and the dead letters. Generated events have ids 1 to their
 * count; other records in the stream (a campaign's bad inputs) count for nothing here.
 */
final class InputAccounting {
  private final Map<String, Long> idByDigest = new HashMap<>();
  private final Map<Long, Event> eventById = new HashMap<>();
  private final int count;
  private final Set<Long> lateByDesign;

  /**
   * What is known so far.
   *
   * @param accounted generated events output, dropped as late or dead-lettered
   * @param late generated events dropped as late
   * @param falselyLate generated events dropped as late that were not late by design
   * @param falselyLateEvents those events, each with its key, event time and sequence number
   * @param deadLetters the dead letters of generated events
   */
  record Snapshot(
      long accounted,
      long late,
      long falselyLate,
      List<String> falselyLateEvents,
      List<DeadLetter> deadLetters,
      long outputAndLate,
      long outputAndDeadLettered) {}

  InputAccounting(List<Event> events, Set<Long> lateByDesign) {
    for (Event event : events) {
      idByDigest.put(RecordData.sha256Of(BatchedRpcPipeline.encode(event)), event.id());
      eventById.put(event.id(), event);
    }
    this.count = events.size();
    this.lateByDesign = lateByDesign;
  }

  boolean isGenerated(long eventId) {
    return eventId >= 1 && eventId <= count;
  }

  /**
   * @param outputEvents the event ids seen on the output stream
   * @param generatedOutput how many of them are generated events
   */
  Snapshot of(EmulatedStack stack, Set<Long> outputEvents, long generatedOutput) {
    // An event is output, dropped as late or dead-lettered: exactly one of these. One that is
    // output and also late (or dead-lettered) had two fates, e.g. a replay judged late a record an
    // earlier attempt had output: each such event is a defect, counted apart.
    Set<Long> notOutput = new HashSet<>();
    Set<Long> outputAndLate = new HashSet<>();
    Set<Long> outputAndDeadLettered = new HashSet<>();
    long late = 0;
    long falselyLate = 0;
    List<String> falselyLateEvents = new ArrayList<>();
    for (Map.Entry<String, String> lateRecord : stack.lateDigests().entrySet()) {
      Long id = idByDigest.get(lateRecord.getValue());
      if (id != null && outputEvents.contains(id)) {
        outputAndLate.add(id);
      } else if (id != null && notOutput.add(id)) {
        late++;
        if (!lateByDesign.contains(id)) {
          falselyLate++;
          Event event = eventById.get(id);
          falselyLateEvents.add(
              "event "
                  + id
                  + " (key "
                  + event.key()
                  + ", event time "
                  + event.eventTime()
                  + ", sequence number "
                  + lateRecord.getKey()
                  + ")");
        }
      }
    }
    List<DeadLetter> letters =
        stack.deadLetters().stream()
            .filter(l -> l.data() != null && idByDigest.containsKey(l.data().sha256()))
            .toList();
    for (DeadLetter letter : letters) {
      Long id = idByDigest.get(letter.data().sha256());
      if (outputEvents.contains(id)) {
        outputAndDeadLettered.add(id);
      } else {
        notOutput.add(id);
      }
    }
    return new Snapshot(
        generatedOutput + notOutput.size(),
        late,
        falselyLate,
        falselyLateEvents,
        letters,
        outputAndLate.size(),
        outputAndDeadLettered.size());
  }
}
