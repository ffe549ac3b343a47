/**
 * The engine's use cases, with time as an input: process a bundle of records from one shard, with
 * retries and dead letters under Lambda's partial-failure contract ({@link
 * dev.weir.engine.ShardBatchProcessor}); fire due event-time timers up to a watermark; fire due
 * processing-time timers up to a time; sweep the shards' watermarks. The Lambda functions, the
 * local stack and the test driver all call these and nothing else.
 */
package dev.weir.engine;
