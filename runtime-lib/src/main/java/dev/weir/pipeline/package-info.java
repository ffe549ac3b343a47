/**
 * What users write: a {@link dev.weir.pipeline.WeirPipeline} names how Kinesis records become
 * keyed, timestamped values, how they are windowed, which stateful {@code DoFn} runs on them and
 * how its outputs are encoded.
 */
package dev.weir.pipeline;
