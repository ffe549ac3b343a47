package dev.weir.state;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.state.ReadableState;
import org.apache.beam.sdk.state.ReadableStates;
import org.apache.beam.sdk.state.SetState;

/** {@link SetState} as one entry per member, keyed by the member's encoding. */
final class SetCell<T> extends AbstractCell implements SetState<T> {
  private final Coder<T> coder;

  SetCell(CellAddress address, Coder<T> coder) {
    super(address);
    this.coder = coder;
  }

  @Override
  public ReadableState<Boolean> contains(T value) {
    // Beam's contract (StateInternalsTest.testSetReadable): the answer is taken when asked.
    return ReadableStates.immediate(entry(Coding.subKeyOf(coder, value)) != null);
  }

  @Override
  public ReadableState<Boolean> addIfAbsent(T value) {
    String subKey = Coding.subKeyOf(coder, value);
    boolean absent = entry(subKey) == null;
    if (absent) {
      put(subKey, value);
    }
    return ReadableStates.immediate(absent);
  }

  @Override
  public void add(T value) {
    put(Coding.subKeyOf(coder, value), value);
  }

  @Override
  public void remove(T value) {
    address
        .workspace()
        .removeEntry(address.namespace(), address.stateId(), Coding.subKeyOf(coder, value));
  }

  @Override
  public Iterable<T> read() {
    List<T> members = new ArrayList<>();
    for (byte[] bytes :
        address.workspace().entries(address.namespace(), address.stateId()).values()) {
      members.add(Coding.decode(coder, bytes));
    }
    return members;
  }

  @Override
  public ReadableState<Boolean> isEmpty() {
    return Readables.lazy(address::isEmpty);
  }

  @Override
  public SetCell<T> readLater() {
    return this;
  }

  private byte[] entry(String subKey) {
    return address.workspace().readEntry(address.namespace(), address.stateId(), subKey);
  }

  private void put(String subKey, T value) {
    address
        .workspace()
        .putEntry(address.namespace(), address.stateId(), subKey, Coding.encode(coder, value));
  }
}
