package dev.weir.functions.examples.batchedrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Deterministic binary coder of {@link Event}. */
public final class EventCoder extends AtomicCoder<Event> {
  private static final EventCoder INSTANCE = new EventCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();

  public static EventCoder of() {
    return INSTANCE;
  }

  /** Lets {@code @DefaultCoder} find this coder for {@link Event}. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(Event.class), INSTANCE);
  }

  @Override
  public void encode(Event value, OutputStream out) throws IOException {
    STRING.encode(value.key(), out);
    LONG.encode(value.id(), out);
    LONG.encode(value.eventTimeMillis(), out);
    STRING.encode(value.payload(), out);
  }

  @Override
  public Event decode(InputStream in) throws IOException {
    return new Event(STRING.decode(in), LONG.decode(in), LONG.decode(in), STRING.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
