package dev.weir.state;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.state.ValueState;

/** {@link ValueState} as one entry. */
final class ValueCell<T> extends AbstractCell implements ValueState<T> {
  private final Coder<T> coder;

  ValueCell(CellAddress address, Coder<T> coder) {
    super(address);
    this.coder = coder;
  }

  @Override
  public void write(T value) {
    address.writeValue(Coding.encode(coder, value));
  }

  @Override
  public T read() {
    byte[] bytes = address.readValue();
    return bytes == null ? null : Coding.decode(coder, bytes);
  }

  @Override
  public ValueCell<T> readLater() {
    return this;
  }
}
