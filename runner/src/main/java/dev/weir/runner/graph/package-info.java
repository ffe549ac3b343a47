/**
 * A pipeline as the runner executes it: one {@link dev.weir.runner.graph.Stage} per primitive
 * transform in topological order, the {@link dev.weir.runner.graph.GraphTranslator} that builds it,
 * and the {@link dev.weir.runner.graph.Driver} that moves elements and watermarks through it.
 */
package dev.weir.runner.graph;
