/**
 * The stage of each primitive transform WeirRunner runs: roots ({@code Impulse}, bounded reads,
 * {@code TestStream}), element-wise transforms (stateless {@code ParDo} with side inputs, window
 * assignment, {@code Flatten}, views), stateful {@code ParDo} on Weir's engine, and {@code
 * GroupByKey}, whose panes come from Beam's own {@code ReduceFnRunner}.
 */
package dev.weir.runner.stages;
