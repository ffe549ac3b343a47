/**
 * The engine's use cases, with time as an input: process a bundle of records from one shard, fire
 * due event-time timers up to a watermark, and fire due processing-time timers up to a time. The
 * Lambda functions, the local stack and the test driver all call these and nothing else.
 */
package dev.weir.engine;
