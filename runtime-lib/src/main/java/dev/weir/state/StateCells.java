package dev.weir.state;

import java.util.function.Supplier;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.CombiningState;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.MultimapState;
import org.apache.beam.sdk.state.OrderedListState;
import org.apache.beam.sdk.state.SetState;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.state.WatermarkHoldState;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;

/**
 * Creates Beam state cells over the workspace {@code workspaces} supplies when a cell is used, one
 * namespace and state id at a time.
 */
public final class StateCells {
  private final Supplier<KeyWorkspace> workspaces;

  public StateCells(Supplier<KeyWorkspace> workspaces) {
    this.workspaces = workspaces;
  }

  public <T> ValueState<T> value(String namespace, String stateId, Coder<T> coder) {
    return new ValueCell<>(at(namespace, stateId), coder);
  }

  public <T> BagState<T> bag(String namespace, String stateId, Coder<T> coder) {
    return new BagCell<>(at(namespace, stateId), coder);
  }

  public <T> SetState<T> set(String namespace, String stateId, Coder<T> coder) {
    return new SetCell<>(at(namespace, stateId), coder);
  }

  public <K, V> MapState<K, V> map(
      String namespace, String stateId, Coder<K> keyCoder, Coder<V> valueCoder) {
    return new MapCell<>(at(namespace, stateId), keyCoder, valueCoder);
  }

  public <K, V> MultimapState<K, V> multimap(
      String namespace, String stateId, Coder<K> keyCoder, Coder<V> valueCoder) {
    return new MultimapCell<>(at(namespace, stateId), keyCoder, valueCoder);
  }

  public <T> OrderedListState<T> orderedList(String namespace, String stateId, Coder<T> coder) {
    return new OrderedListCell<>(at(namespace, stateId), coder);
  }

  public <InputT, AccumT, OutputT> CombiningState<InputT, AccumT, OutputT> combining(
      String namespace,
      String stateId,
      Coder<AccumT> accumCoder,
      CombineFn<InputT, AccumT, OutputT> combineFn) {
    return new CombiningCell<>(at(namespace, stateId), accumCoder, combineFn);
  }

  public WatermarkHoldState watermarkHold(
      String namespace, String stateId, TimestampCombiner combiner) {
    return new WatermarkHoldCell(at(namespace, stateId), combiner);
  }

  private CellAddress at(String namespace, String stateId) {
    return new CellAddress(workspaces, namespace, stateId);
  }
}
