package dev.weir.state;

import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.state.ReadableState;
import org.apache.beam.sdk.state.WatermarkHoldState;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.joda.time.Instant;

/** {@link WatermarkHoldState} as one entry holding the combined hold. */
final class WatermarkHoldCell extends AbstractCell implements WatermarkHoldState {
  private final TimestampCombiner combiner;

  WatermarkHoldCell(CellAddress address, TimestampCombiner combiner) {
    super(address);
    this.combiner = combiner;
  }

  @Override
  public TimestampCombiner getTimestampCombiner() {
    return combiner;
  }

  @Override
  public void add(Instant hold) {
    Instant current = read();
    Instant combined = current == null ? hold : combiner.combine(current, hold);
    address.writeValue(Coding.encode(InstantCoder.of(), combined));
  }

  @Override
  public Instant read() {
    byte[] bytes = address.readValue();
    return bytes == null ? null : Coding.decode(InstantCoder.of(), bytes);
  }

  @Override
  public ReadableState<Boolean> isEmpty() {
    return Readables.lazy(address::isEmpty);
  }

  @Override
  public WatermarkHoldCell readLater() {
    return this;
  }
}
