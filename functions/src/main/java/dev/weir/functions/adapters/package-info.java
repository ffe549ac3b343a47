/**
 * Adapters to AWS services the functions use besides the state table: the output and late-data
 * Kinesis streams, the SQS dead-letter queue, EventBridge Scheduler for processing-time wake-ups,
 * Kinesis shard activity for the watermark, and CloudWatch metrics in Embedded Metric Format.
 */
package dev.weir.functions.adapters;
