package dev.weir.functions.examples.batchedrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Deterministic binary coder of {@link EnrichedEvent}. */
public final class EnrichedEventCoder extends AtomicCoder<EnrichedEvent> {
  private static final EnrichedEventCoder INSTANCE = new EnrichedEventCoder();

  public static EnrichedEventCoder of() {
    return INSTANCE;
  }

  /** Lets {@code @DefaultCoder} find this coder for {@link EnrichedEvent}. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(EnrichedEvent.class), INSTANCE);
  }

  @Override
  public void encode(EnrichedEvent value, OutputStream out) throws IOException {
    EventCoder.of().encode(value.event(), out);
    StringUtf8Coder.of().encode(value.enrichment(), out);
    VarIntCoder.of().encode(value.batchSize(), out);
    VarIntCoder.of().encode(value.flush().ordinal(), out);
  }

  @Override
  public EnrichedEvent decode(InputStream in) throws IOException {
    return new EnrichedEvent(
        EventCoder.of().decode(in),
        StringUtf8Coder.of().decode(in),
        VarIntCoder.of().decode(in),
        EnrichedEvent.Flush.values()[VarIntCoder.of().decode(in)]);
  }

  @Override
  public void verifyDeterministic() {}
}
