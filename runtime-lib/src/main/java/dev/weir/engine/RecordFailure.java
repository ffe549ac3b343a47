package dev.weir.engine;

/** What the DoFn threw processing one record: the key's work failed on that record. */
final class RecordFailure extends RuntimeException {
  private final transient InputRecord record;

  RecordFailure(InputRecord record, Throwable cause) {
    super("record " + record.sequenceNumber() + " failed", cause);
    this.record = record;
  }

  InputRecord record() {
    return record;
  }
}
