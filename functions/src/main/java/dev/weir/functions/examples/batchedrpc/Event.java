package dev.weir.functions.examples.batchedrpc;

import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.joda.time.Instant;

/**
 * An input event: a user's action at an event time. On the wire it is JSON, e.g. {@code
 * {"key":"user-1","id":7,"eventTimeMillis":1700000000000,"payload":"click"}}.
 */
@DefaultCoder(EventCoder.class)
public record Event(String key, long id, long eventTimeMillis, String payload) {
  public Event {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(payload, "payload");
  }

  public Instant eventTime() {
    return new Instant(eventTimeMillis);
  }
}
