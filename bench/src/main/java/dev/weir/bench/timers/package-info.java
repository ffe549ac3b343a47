/** Timer firing lag and Scheduler calls, through Weir's firing paths on a virtual clock. */
package dev.weir.bench.timers;
