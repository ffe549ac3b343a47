/**
 * Timers: the one place to start reading about them. Here are what a timer is ({@link
 * dev.weir.timer.TimerRecord}: key, window, id, domain, due time, what armed it), the index of due
 * timers the sweeps read a page at a time ({@link dev.weir.timer.TimerIndex}, {@link
 * dev.weir.timer.TimerPage}), how the engine asks the platform to wake it when processing-time
 * timers fall due ({@link dev.weir.timer.WakeupScheduler}: EventBridge Scheduler in Lambda, a local
 * scheduler on a laptop), and how the functions that find due timers hand them to the processor
 * that owns their key ({@link dev.weir.timer.KeyTick}).
 *
 * <p>The rest of the timer path lives with its layer: Beam's view of a key's timers is {@code
 * beam.WeirTimerInternals}; a key's pending timers are buffered and committed with its state by
 * {@code state.KeyWorkspace}; firing them in order, with attempts for failing ones, is the engine's
 * ({@code engine.DueTimers} inside a key's work, {@code engine.TimerFirer} for a sweep's page,
 * {@code engine.FailingTimers}, {@code engine.TimerTicker}); how they are stored is {@code
 * store.dynamodb.TimerItems} (items and index entries) and {@code store.dynamodb.InlineState}, and
 * {@code store.dynamodb.DueTimerPages} reads them a page at a time.
 */
package dev.weir.timer;
