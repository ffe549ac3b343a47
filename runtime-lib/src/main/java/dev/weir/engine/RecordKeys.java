package dev.weir.engine;

import dev.weir.pipeline.WeirPipeline;
import dev.weir.state.KeyIds;
import java.util.List;

/**
 * The key id a decoded record is filed under, or its rejection: a key the user's key coder cannot
 * encode, or whose id no item could carry. One rule for the bundle that processes the record and
 * the sweep that verifies it was processed, so the two never disagree on which records have a key.
 */
final class RecordKeys<K> {
  private final KeyIds<K> keyIds;

  RecordKeys(WeirPipeline<K, ?, ?> pipeline) {
    this.keyIds = new KeyIds<>(pipeline.keyCoder());
  }

  /** The record's key id; null, with its rejection added to {@code rejected}, if it has none. */
  String idOf(DecodedRecord<K, ?> record, List<RejectedRecord> rejected) {
    String keyId;
    try {
      keyId = keyIds.idOf(record.key());
    } catch (RuntimeException | Error e) {
      rejected.add(RecordDecoder.unkeyable(record.record(), e)); // a user's key coder failed
      return null;
    }
    if (keyId.length() > KeyIds.MAX_KEY_ID_LENGTH) {
      rejected.add(tooLarge(record.record(), keyId));
      return null;
    }
    return keyId;
  }

  private static RejectedRecord tooLarge(InputRecord record, String keyId) {
    return new RejectedRecord(
        record,
        RejectedRecord.Kind.KEY_TOO_LARGE,
        String.format(
            "the record's key id is %,d characters; a key id may hold at most %,d (48 KiB of"
                + " encoded key), as every item of the key in the state table carries it",
            keyId.length(), KeyIds.MAX_KEY_ID_LENGTH));
  }
}
