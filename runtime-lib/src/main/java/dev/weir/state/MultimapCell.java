package dev.weir.state;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.state.MultimapState;
import org.apache.beam.sdk.state.ReadableState;

/**
 * {@link MultimapState} as one entry per key holding the key and all its values in put order
 * (duplicates kept, as Beam's multimap keeps them).
 */
final class MultimapCell<K, V> extends AbstractCell implements MultimapState<K, V> {
  private final Coder<K> keyCoder;
  private final Coder<V> valueCoder;

  MultimapCell(CellAddress address, Coder<K> keyCoder, Coder<V> valueCoder) {
    super(address);
    this.keyCoder = keyCoder;
    this.valueCoder = valueCoder;
  }

  @Override
  public void put(K key, V value) {
    List<V> values = valuesOf(key);
    values.add(value);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Coding.encodeNested(keyCoder, key, out);
    Coding.encodeNested(VarIntCoder.of(), values.size(), out);
    for (V each : values) {
      Coding.encodeNested(valueCoder, each, out);
    }
    address
        .workspace()
        .putEntry(address.namespace(), address.stateId(), subKey(key), out.toByteArray());
  }

  @Override
  public ReadableState<Iterable<V>> get(K key) {
    return Readables.lazy(() -> valuesOf(key));
  }

  @Override
  public void remove(K key) {
    address.workspace().removeEntry(address.namespace(), address.stateId(), subKey(key));
  }

  @Override
  public ReadableState<Iterable<K>> keys() {
    return Readables.lazy(
        () -> {
          List<K> keys = new ArrayList<>();
          for (byte[] bytes : entryBytes()) {
            keys.add(Coding.decodeNested(keyCoder, Coding.input(bytes)));
          }
          return keys;
        });
  }

  @Override
  public ReadableState<Iterable<Map.Entry<K, V>>> entries() {
    return Readables.lazy(
        () -> {
          List<Map.Entry<K, V>> entries = new ArrayList<>();
          for (byte[] bytes : entryBytes()) {
            InputStream in = Coding.input(bytes);
            K key = Coding.decodeNested(keyCoder, in);
            for (V value : decodeValues(in)) {
              entries.add(new SimpleImmutableEntry<>(key, value));
            }
          }
          return entries;
        });
  }

  @Override
  public ReadableState<Boolean> containsKey(K key) {
    return Readables.lazy(
        () ->
            address.workspace().readEntry(address.namespace(), address.stateId(), subKey(key))
                != null);
  }

  @Override
  public ReadableState<Boolean> isEmpty() {
    return Readables.lazy(address::isEmpty);
  }

  private String subKey(K key) {
    return Coding.subKeyOf(keyCoder, key);
  }

  private Iterable<byte[]> entryBytes() {
    return address.workspace().entries(address.namespace(), address.stateId()).values();
  }

  private List<V> valuesOf(K key) {
    byte[] bytes =
        address.workspace().readEntry(address.namespace(), address.stateId(), subKey(key));
    if (bytes == null) {
      return new ArrayList<>();
    }
    InputStream in = Coding.input(bytes);
    Coding.decodeNested(keyCoder, in);
    return decodeValues(in);
  }

  private List<V> decodeValues(InputStream in) {
    int count = Coding.decodeNested(VarIntCoder.of(), in);
    List<V> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(Coding.decodeNested(valueCoder, in));
    }
    return values;
  }
}
