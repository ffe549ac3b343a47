/**
 * Timers beyond one invocation: how the engine asks the platform to wake it when committed
 * processing-time timers fall due (EventBridge Scheduler in Lambda, a local scheduler on a laptop).
 */
package dev.weir.timer;
