package dev.weir.runner.core;

import dev.weir.store.Stores;

/**
 * The stores one stage keeps its state and timers in, under a pipeline name no other stage (of this
 * run or another) uses.
 */
public record StageStore(String pipelineName, Stores stores) {}
