package dev.weir.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.functions.adapters.KinesisOutputSink;
import dev.weir.local.stack.StreamTail;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Reads the output stream from the start, as a consumer of Weir's outputs would. */
public final class OutputReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final StreamTail tail;

  public OutputReader(KinesisClient kinesis, String stream) {
    this(new StreamTail(kinesis, stream));
  }

  private OutputReader(StreamTail tail) {
    this.tail = tail;
  }

  /**
   * A reader of what is written from now on (a stream kept from earlier runs holds their outputs).
   */
  public static OutputReader fromNow(KinesisClient kinesis, String stream) {
    return new OutputReader(StreamTail.fromNow(kinesis, stream));
  }

  /** Every envelope written since the last call; the output stream never reshards. */
  public List<KinesisOutputSink.Envelope> poll() throws IOException {
    List<KinesisOutputSink.Envelope> envelopes = new ArrayList<>();
    for (byte[] data : tail.poll()) {
      envelopes.add(JSON.readValue(data, KinesisOutputSink.Envelope.class));
    }
    return envelopes;
  }
}
