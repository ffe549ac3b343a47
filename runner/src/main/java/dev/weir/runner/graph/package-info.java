/**
 * A pipeline as the runner executes it: one stage per primitive transform in topological order
 * ({@link dev.weir.runner.graph.StageGraph}), the {@link dev.weir.runner.graph.GraphTranslator}
 * that builds it, and the {@link dev.weir.runner.graph.Driver} that moves elements, watermarks and
 * processing time through it.
 */
package dev.weir.runner.graph;
