package dev.weir.state;

import java.util.function.Supplier;
import org.apache.beam.sdk.state.ReadableState;

/** Lazy {@link ReadableState}s: they compute their value when read, never earlier. */
final class Readables {
  private Readables() {}

  static <T> ReadableState<T> lazy(Supplier<T> supplier) {
    return new ReadableState<T>() {
      @Override
      public T read() {
        return supplier.get();
      }

      @Override
      public ReadableState<T> readLater() {
        return this;
      }
    };
  }
}
