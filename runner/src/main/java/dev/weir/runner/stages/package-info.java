/**
 * The stage of each primitive transform WeirRunner runs: roots ({@code Impulse}, bounded reads),
 * element-wise transforms (stateless {@code ParDo}, window assignment, {@code Flatten}, view
 * creation) and {@code GroupByKey}, whose panes come from Beam's own {@code ReduceFnRunner}.
 */
package dev.weir.runner.stages;
