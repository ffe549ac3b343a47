/**
 * The generated input every contender of {@code ./weir bench} runs on: the same events, keys and
 * event times for each, so that their numbers compare.
 */
package dev.weir.bench.workload;
