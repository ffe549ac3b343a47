package dev.weir.local.stack;

/**
 * Faults that act on one processor invocation as a whole, told when each starts and ends: an
 * invocation that times out mid-batch, after some of its keys committed.
 */
public interface InvocationFaults {
  /** The calling thread starts an invocation. */
  void invocationStarted();

  /**
   * The calling thread's invocation ended; true if it timed out, so Lambda reports it failed and
   * replaces the container, whatever the handler returned.
   */
  boolean invocationEnded();
}
