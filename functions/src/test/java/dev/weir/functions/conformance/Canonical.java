package dev.weir.functions.conformance;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;

/**
 * One output as a comparable string: value (after a round trip through the output coder, so both
 * runners' iterables print alike), timestamp and window.
 */
final class Canonical {
  private Canonical() {}

  static <T> String of(Coder<T> coder, T value, Instant timestamp, BoundedWindow window) {
    try {
      return CoderUtils.clone(coder, value) + " @" + timestamp.getMillis() + " in " + window;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The DirectRunner side: turns each output into its canonical string. */
  static final class Fn<T> extends DoFn<T, String> {
    private final Coder<T> coder;

    Fn(Coder<T> coder) {
      this.coder = coder;
    }

    @ProcessElement
    public void process(
        @Element T value,
        @Timestamp Instant timestamp,
        BoundedWindow window,
        OutputReceiver<String> out) {
      out.output(of(coder, value, timestamp, window));
    }
  }
}
