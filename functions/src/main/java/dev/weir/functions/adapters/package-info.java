/**
 * Adapters from the engine's ports to the AWS services the functions use besides the state table:
 * the output and late-data Kinesis streams, the SQS dead-letter queue, EventBridge Scheduler for
 * processing-time wake-ups, Kinesis shard activity and topology for the watermark, key ticks, and
 * CloudWatch metrics in Embedded Metric Format.
 */
package dev.weir.functions.adapters;
