package dev.weir.pipeline;

import org.joda.time.Instant;

/**
 * One Kinesis record as a pipeline's parser sees it: its bytes and everything Kinesis says about
 * it.
 *
 * @param arrivalTime when Kinesis accepted the record ({@code ApproximateArrivalTimestamp})
 */
public record KinesisRecord(
    byte[] data, String partitionKey, String shardId, String sequenceNumber, Instant arrivalTime) {}
