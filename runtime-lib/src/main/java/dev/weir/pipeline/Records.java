package dev.weir.pipeline;

import java.util.function.Function;
import org.joda.time.Instant;

/**
 * Parsers for the usual shapes of input: the key in the Kinesis partition key (producers already
 * write each key's records with it) or in the value; the event time in the value or the record's
 * arrival in Kinesis.
 */
public final class Records {
  private Records() {}

  /**
   * Key = the record's partition key, value = its decoded bytes, event time = when Kinesis accepted
   * it: a {@code DoFn<KV<String, V>, ...>} whose values carry no key or time runs as it is.
   */
  public static <V> RecordParser<String, V> keyedByPartitionKeyAtArrival(InputDecoder<V> values) {
    return record ->
        new RecordParser.Parsed<>(
            record.partitionKey(), values.decode(record.data()), record.arrivalTime());
  }

  /** Key = the record's partition key, event time = read from the decoded value. */
  public static <V> RecordParser<String, V> keyedByPartitionKey(
      InputDecoder<V> values, Function<V, Instant> eventTime) {
    return record -> {
      V value = values.decode(record.data());
      return new RecordParser.Parsed<>(record.partitionKey(), value, eventTime.apply(value));
    };
  }

  /**
   * Key and event time both read from the decoded value; an extractor that throws is reported as
   * {@link UnkeyableValueException}, so the record is rejected as unkeyable, not undecodable.
   */
  public static <K, V> RecordParser<K, V> keyedByValue(
      InputDecoder<V> values, Function<V, K> key, Function<V, Instant> eventTime) {
    return record -> {
      V value = values.decode(record.data());
      try {
        return new RecordParser.Parsed<>(key.apply(value), value, eventTime.apply(value));
      } catch (RuntimeException | Error e) { // an OutOfMemoryError is thrown on by the engine
        throw new UnkeyableValueException(e);
      }
    };
  }

  /** A record decoded, but its key or event time could not be taken from the value. */
  public static final class UnkeyableValueException extends Exception {
    private static final long serialVersionUID = 1L;

    UnkeyableValueException(Throwable cause) {
      super(cause);
    }
  }
}
