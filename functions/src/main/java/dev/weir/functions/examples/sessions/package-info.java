/**
 * The session-window example: per-user visits (views, first and last page, duration) from page
 * views, a stateful, timely DoFn on {@code Sessions} windows, emitted when each visit closes.
 */
package dev.weir.functions.examples.sessions;
