package dev.weir.functions.adapters;

/**
 * A record the pipeline gave up on, with everything needed to inspect and replay it.
 *
 * @param reason why, e.g. {@code undecodable}, {@code failing-key}, {@code partition-key-mismatch}
 * @param dataBase64 the record's bytes, base64
 */
public record DeadLetter(
    String reason,
    String shardId,
    String sequenceNumber,
    String partitionKey,
    String keyId,
    String error,
    String dataBase64,
    long arrivalTimeMillis) {}
