package dev.weir.state;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.ReadableState;

/** {@link BagState} as chunks, one per commit that appended; {@link #add} reads nothing. */
final class BagCell<T> extends AbstractCell implements BagState<T> {
  private final Coder<T> coder;

  BagCell(CellAddress address, Coder<T> coder) {
    super(address);
    this.coder = coder;
  }

  @Override
  public void add(T value) {
    address.workspace().append(address.namespace(), address.stateId(), Coding.encode(coder, value));
  }

  @Override
  public Iterable<T> read() {
    List<byte[]> encoded = address.workspace().bagElements(address.namespace(), address.stateId());
    List<T> values = new ArrayList<>(encoded.size());
    for (byte[] bytes : encoded) {
      values.add(Coding.decode(coder, bytes));
    }
    return values;
  }

  @Override
  public ReadableState<Boolean> isEmpty() {
    return Readables.lazy(
        () -> address.workspace().isBagEmpty(address.namespace(), address.stateId()));
  }

  @Override
  public void clear() {
    address.workspace().clearBag(address.namespace(), address.stateId());
  }

  @Override
  public BagCell<T> readLater() {
    return this;
  }
}
