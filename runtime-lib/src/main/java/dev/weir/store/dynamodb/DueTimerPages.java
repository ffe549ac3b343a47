package dev.weir.store.dynamodb;

import dev.weir.timer.CursorParts;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerPage;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Pages of due timers from the timer indexes: every bucket's partition of the index of timer items
 * and header entries (and, for processing time, of the index of inline keys' processing-time
 * timers), read in sort-key order and merged by due time.
 *
 * <p>The cursor holds, per partition, the sort key of the last entry a page took from it. Sort keys
 * are the due time and then the item they live on, so they are unique within a partition and a
 * position survives many timers sharing one due time, which a due-time cursor would not (it would
 * list the same ones again, or skip some). A page takes entries from each partition in order, so
 * what it took from each is a prefix of what was left there, and the next page resumes each
 * partition after its own position.
 */
final class DueTimerPages {
  /** Heads of partitions compete by due time; ties broken for a repeatable page. */
  private static final Comparator<IndexPartitionReader> EARLIEST_HEAD =
      Comparator.comparing(IndexPartitionReader::peek, TimerRecord.FIRING_ORDER);

  private final DynamoDbClient client;
  private final DynamoDbSchema schema;

  DueTimerPages(DynamoDbClient client, DynamoDbSchema schema) {
    this.client = client;
    this.schema = schema;
  }

  TimerPage page(TimerDomain domain, long clockMillis, int limit, String after) {
    if (limit < 1) {
      throw new IllegalArgumentException("a page holds at least one timer, not " + limit);
    }
    List<IndexPartitionReader> readers = readers(domain, clockMillis, limit, after);
    PriorityQueue<IndexPartitionReader> heads = new PriorityQueue<>(EARLIEST_HEAD);
    for (IndexPartitionReader reader : readers) {
      if (reader.hasNext()) {
        heads.add(reader);
      }
    }
    List<TimerRecord> due = new ArrayList<>();
    while (due.size() < limit && !heads.isEmpty()) {
      IndexPartitionReader earliest = heads.poll();
      due.add(earliest.take());
      if (earliest.hasNext()) {
        heads.add(earliest);
      }
    }
    due.sort(TimerRecord.FIRING_ORDER);
    if (heads.isEmpty()) {
      return new TimerPage(due, null);
    }
    return new TimerPage(
        due, CursorParts.join(readers.stream().map(IndexPartitionReader::position).toList()));
  }

  /** One reader per index partition the domain's timers are in, each from its cursor position. */
  private List<IndexPartitionReader> readers(
      TimerDomain domain, long clockMillis, int limit, String after) {
    int buckets = schema.timerBuckets();
    int partitions = domain == TimerDomain.PROCESSING_TIME ? 2 * buckets : buckets;
    List<String> from =
        after == null ? Collections.nCopies(partitions, "") : CursorParts.split(after, partitions);
    // A query reads twice a partition's share of the page, so a page of evenly spread timers takes
    // one query per partition and reads at most that much more per partition than it lists; at
    // least 100, so a sparse index takes one query too; never more than the page and the entry
    // at the cursor.
    int chunk = Math.min(limit + 1, Math.max(100, 2 * ((limit + buckets - 1) / buckets)));
    String before = DynamoDbSchema.dueTimePrefix(clockMillis);
    List<IndexPartitionReader> readers = new ArrayList<>(partitions);
    for (int slot = 0; slot < partitions; slot++) {
      readers.add(
          new IndexPartitionReader(
              client,
              schema.table(),
              slot < buckets
                  ? IndexPartitionReader.Index.TIMERS
                  : IndexPartitionReader.Index.INLINE_PROCESSING_TIMERS,
              schema.timerIndexPartition(domain, slot % buckets),
              from.get(slot),
              before,
              chunk));
    }
    return readers;
  }
}
