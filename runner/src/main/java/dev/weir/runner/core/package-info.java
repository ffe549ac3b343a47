/**
 * What every stage is: {@link dev.weir.runner.core.Stage} (its queue and watermarks), the {@link
 * dev.weir.runner.core.Emitter} it outputs through and the {@link dev.weir.runner.core.RunnerClock}
 * it reads processing time from. Depends on nothing else of the runner, so the stages and the graph
 * that drives them do not depend on each other both ways.
 */
package dev.weir.runner.core;
