package dev.weir.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.state.GroupingState;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.MultimapState;
import org.apache.beam.sdk.state.ReadableState;
import org.apache.beam.sdk.state.State;

/**
 * A state cell's value as the DoFn would read it, copied out of its lazy views: a bag, set or
 * ordered list as a list, a map as a map, a multimap as a map of lists, a value, combined value or
 * watermark hold as itself. Empty when the cell holds nothing.
 */
final class StateValues {
  private StateValues() {}

  static Optional<Object> read(State cell) {
    Object value;
    if (cell instanceof GroupingState<?, ?> grouping && grouping.isEmpty().read()) {
      value = null; // a combining state reads its combiner's default when empty
    } else if (cell instanceof MapState<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.entries().read().forEach(e -> copy.put(e.getKey(), e.getValue()));
      value = copy.isEmpty() ? null : copy;
    } else if (cell instanceof MultimapState<?, ?> multimap) {
      Map<Object, List<Object>> copy = new LinkedHashMap<>();
      multimap
          .entries()
          .read()
          .forEach(e -> copy.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
      value = copy.isEmpty() ? null : copy;
    } else if (cell instanceof ReadableState<?> readable) {
      value = copyOf(readable.read());
    } else {
      throw new IllegalArgumentException("cannot read state of type " + cell.getClass().getName());
    }
    return Optional.ofNullable(value);
  }

  private static Object copyOf(Object read) {
    if (read instanceof Iterable<?> iterable) {
      List<Object> list = new ArrayList<>();
      iterable.forEach(list::add);
      return list.isEmpty() ? null : list;
    }
    return read;
  }
}
