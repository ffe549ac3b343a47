package dev.weir.state;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.ReadableState;
import org.apache.beam.sdk.state.ReadableStates;

/**
 * {@link MapState} as one entry per map key, keyed by the key's encoding; the entry holds key and
 * value so the map can be iterated without decoding sub-keys.
 */
final class MapCell<K, V> extends AbstractCell implements MapState<K, V> {
  private final Coder<K> keyCoder;
  private final Coder<V> valueCoder;

  MapCell(CellAddress address, Coder<K> keyCoder, Coder<V> valueCoder) {
    super(address);
    this.keyCoder = keyCoder;
    this.valueCoder = valueCoder;
  }

  @Override
  public void put(K key, V value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Coding.encodeNested(keyCoder, key, out);
    Coding.encodeNested(valueCoder, value, out);
    address
        .workspace()
        .putEntry(address.namespace(), address.stateId(), subKey(key), out.toByteArray());
  }

  @Override
  public ReadableState<V> computeIfAbsent(K key, Function<? super K, ? extends V> mapping) {
    V existing = valueOf(key);
    if (existing == null) {
      put(key, mapping.apply(key));
    }
    return ReadableStates.immediate(existing);
  }

  @Override
  public void remove(K key) {
    address.workspace().removeEntry(address.namespace(), address.stateId(), subKey(key));
  }

  @Override
  public ReadableState<V> get(K key) {
    return Readables.lazy(() -> valueOf(key));
  }

  @Override
  public ReadableState<V> getOrDefault(K key, V defaultValue) {
    return Readables.lazy(
        () -> {
          V value = valueOf(key);
          return value == null ? defaultValue : value;
        });
  }

  @Override
  public ReadableState<Iterable<K>> keys() {
    return Readables.lazy(() -> entryList().stream().map(Map.Entry::getKey).toList());
  }

  @Override
  public ReadableState<Iterable<V>> values() {
    return Readables.lazy(() -> entryList().stream().map(Map.Entry::getValue).toList());
  }

  @Override
  public ReadableState<Iterable<Map.Entry<K, V>>> entries() {
    return Readables.lazy(() -> entryList());
  }

  @Override
  public ReadableState<Boolean> isEmpty() {
    return Readables.lazy(address::isEmpty);
  }

  private String subKey(K key) {
    return Coding.subKeyOf(keyCoder, key);
  }

  private V valueOf(K key) {
    byte[] bytes =
        address.workspace().readEntry(address.namespace(), address.stateId(), subKey(key));
    return bytes == null ? null : decode(bytes).getValue();
  }

  private List<Map.Entry<K, V>> entryList() {
    List<Map.Entry<K, V>> entries = new ArrayList<>();
    for (byte[] bytes :
        address.workspace().entries(address.namespace(), address.stateId()).values()) {
      entries.add(decode(bytes));
    }
    return entries;
  }

  private Map.Entry<K, V> decode(byte[] bytes) {
    InputStream in = Coding.input(bytes);
    K key = Coding.decodeNested(keyCoder, in);
    return new SimpleImmutableEntry<>(key, Coding.decodeNested(valueCoder, in));
  }
}
