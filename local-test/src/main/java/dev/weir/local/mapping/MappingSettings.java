package dev.weir.local.mapping;

/**
 * The event-source mapping settings of the template's Kinesis event, with Lambda's meaning.
 *
 * @param batchSize records per invocation at most
 * @param batchingWindowMillis how long to wait for more records before invoking
 * @param bisectOnError split a batch whose invocation threw, and retry each half
 * @param maxRetryAttempts retries of a failing batch before it goes to the on-failure destination
 * @param maxRecordAgeMillis records older than this go to the on-failure destination unprocessed
 * @param parallelizationFactor concurrent invocations per shard, each for its own partition keys
 *     (so every key's records stay in order)
 */
public record MappingSettings(
    int batchSize,
    long batchingWindowMillis,
    boolean bisectOnError,
    int maxRetryAttempts,
    long maxRecordAgeMillis,
    int parallelizationFactor) {}
