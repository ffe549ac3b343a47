/**
 * Timers beyond one invocation: how the engine asks the platform to wake it when committed
 * processing-time timers fall due (EventBridge Scheduler in Lambda, a local scheduler on a laptop),
 * and how the functions that find due timers hand them to the processor that owns their key ({@link
 * dev.weir.timer.KeyTick}).
 */
package dev.weir.timer;
