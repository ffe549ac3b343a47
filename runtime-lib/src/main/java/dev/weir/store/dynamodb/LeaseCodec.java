package dev.weir.store.dynamodb;

import dev.weir.store.InFlightBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * A shard's leases as one string attribute of its item: {@code
 * first:last:eventMillis:arrivalMillis} per batch, comma-separated. Kinesis sequence numbers are
 * decimal digits, so neither separator can occur inside one. One string (not a list of maps) keeps
 * the shard item's conditional writes a plain equality on what was read.
 */
final class LeaseCodec {
  private LeaseCodec() {}

  /** The leases as stored, or null when there are none (the item then has no attribute). */
  static String encode(List<InFlightBatch> leases) {
    if (leases.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (InFlightBatch lease : leases) {
      parts.add(
          lease.firstSequence()
              + ":"
              + lease.lastSequence()
              + ":"
              + lease.earliestEventMillis()
              + ":"
              + lease.earliestArrivalMillis());
    }
    return String.join(",", parts);
  }

  static List<InFlightBatch> decode(String encoded) {
    List<InFlightBatch> leases = new ArrayList<>();
    if (encoded == null || encoded.isEmpty()) {
      return leases;
    }
    for (String part : encoded.split(",")) {
      String[] fields = part.split(":");
      if (fields.length != 4) {
        throw new IllegalStateException("malformed lease in a shard item: " + part);
      }
      leases.add(
          new InFlightBatch(
              fields[0], fields[1], Long.parseLong(fields[2]), Long.parseLong(fields[3])));
    }
    return leases;
  }
}
