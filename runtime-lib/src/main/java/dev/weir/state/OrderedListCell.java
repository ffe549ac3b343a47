package dev.weir.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.state.OrderedListState;
import org.apache.beam.sdk.state.ReadableState;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;

/**
 * {@link OrderedListState} as one entry per element. The sub-key starts with the timestamp in a
 * form that sorts like the instant, then a suffix unique to the add, so entries iterate in
 * timestamp order (ties in insertion order) and a range is a sub-map.
 */
final class OrderedListCell<T> extends AbstractCell implements OrderedListState<T> {
  private final Coder<T> coder;

  OrderedListCell(CellAddress address, Coder<T> coder) {
    super(address);
    this.coder = coder;
  }

  /** Fixed-width hex of the millis with the sign bit flipped, so string order is time order. */
  static String timePrefix(Instant timestamp) {
    return String.format("%016x", timestamp.getMillis() ^ Long.MIN_VALUE);
  }

  @Override
  public void add(TimestampedValue<T> value) {
    String subKey = timePrefix(value.getTimestamp()) + "/" + address.workspace().uniqueSuffix();
    address
        .workspace()
        .putEntry(
            address.namespace(), address.stateId(), subKey, Coding.encode(coder, value.getValue()));
  }

  @Override
  public Iterable<TimestampedValue<T>> read() {
    return decode(entries());
  }

  @Override
  public Iterable<TimestampedValue<T>> readRange(Instant minTimestamp, Instant limitTimestamp) {
    return decode(range(minTimestamp, limitTimestamp));
  }

  @Override
  public void clearRange(Instant minTimestamp, Instant limitTimestamp) {
    for (String subKey : List.copyOf(range(minTimestamp, limitTimestamp).keySet())) {
      address.workspace().removeEntry(address.namespace(), address.stateId(), subKey);
    }
  }

  @Override
  public OrderedListCell<T> readRangeLater(Instant minTimestamp, Instant limitTimestamp) {
    return this;
  }

  @Override
  public ReadableState<Boolean> isEmpty() {
    return Readables.lazy(address::isEmpty);
  }

  @Override
  public OrderedListCell<T> readLater() {
    return this;
  }

  private NavigableMap<String, byte[]> entries() {
    return address.workspace().entries(address.namespace(), address.stateId());
  }

  private NavigableMap<String, byte[]> range(Instant minTimestamp, Instant limitTimestamp) {
    if (!minTimestamp.isBefore(limitTimestamp)) {
      return entries().subMap("", false, "", false);
    }
    return entries().subMap(timePrefix(minTimestamp), true, timePrefix(limitTimestamp), false);
  }

  private List<TimestampedValue<T>> decode(NavigableMap<String, byte[]> entries) {
    List<TimestampedValue<T>> values = new ArrayList<>(entries.size());
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      long millis = Long.parseUnsignedLong(entry.getKey().substring(0, 16), 16) ^ Long.MIN_VALUE;
      values.add(TimestampedValue.of(Coding.decode(coder, entry.getValue()), new Instant(millis)));
    }
    return values;
  }
}
