package dev.weir.state;

import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.state.CombiningState;
import org.apache.beam.sdk.state.ReadableState;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/** {@link CombiningState} as one entry holding the accumulator. */
final class CombiningCell<InputT, AccumT, OutputT> extends AbstractCell
    implements CombiningState<InputT, AccumT, OutputT> {
  private final Coder<AccumT> accumCoder;
  private final CombineFn<InputT, AccumT, OutputT> combineFn;

  CombiningCell(
      CellAddress address, Coder<AccumT> accumCoder, CombineFn<InputT, AccumT, OutputT> fn) {
    super(address);
    this.accumCoder = accumCoder;
    this.combineFn = fn;
  }

  @Override
  public AccumT getAccum() {
    byte[] bytes = address.readValue();
    return bytes == null ? combineFn.createAccumulator() : Coding.decode(accumCoder, bytes);
  }

  @Override
  public void add(InputT value) {
    address.writeValue(Coding.encode(accumCoder, combineFn.addInput(getAccum(), value)));
  }

  @Override
  public void addAccum(AccumT accum) {
    address.writeValue(Coding.encode(accumCoder, mergeAccumulators(List.of(getAccum(), accum))));
  }

  @Override
  public AccumT mergeAccumulators(Iterable<AccumT> accumulators) {
    return combineFn.mergeAccumulators(accumulators);
  }

  @Override
  public OutputT read() {
    return combineFn.extractOutput(getAccum());
  }

  @Override
  public ReadableState<Boolean> isEmpty() {
    return Readables.lazy(address::isEmpty);
  }

  @Override
  public CombiningCell<InputT, AccumT, OutputT> readLater() {
    return this;
  }
}
