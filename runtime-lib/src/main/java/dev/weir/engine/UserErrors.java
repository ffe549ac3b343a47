package dev.weir.engine;

/**
 * What user code (a decoder, an extractor, a coder, the DoFn) throws is its record's or key's
 * failure, errors included: a {@link StackOverflowError} or an {@link AssertionError} in one key's
 * DoFn must not fail the other keys of the batch. An {@link OutOfMemoryError} is the container's
 * trouble, not the key's, and is thrown on, so the invocation fails and Lambda retries it.
 */
final class UserErrors {
  private UserErrors() {}

  /** {@code thrown}, to be handled as the record's or key's failure; throws it if it is none. */
  static Throwable asUserFailure(Throwable thrown) {
    // Beam's DoFn invokers wrap whatever the DoFn throws, errors included, in a UserCodeException.
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof OutOfMemoryError outOfMemory) {
        throw outOfMemory;
      }
    }
    return thrown;
  }
}
