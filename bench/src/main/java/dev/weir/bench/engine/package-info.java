/**
 * The engine contenders, one thread each over the same events: Weir's engine on the in-memory
 * store, the blog DoFn on Beam's DirectRunner, and the same logic as a Flink KeyedProcessFunction.
 */
package dev.weir.bench.engine;
