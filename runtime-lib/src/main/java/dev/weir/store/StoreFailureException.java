package dev.weir.store;

/**
 * A store request failed (throttled, unreachable, refused) while a key's work read its state: the
 * store's failure, not the DoFn's, even when it surfaces inside the DoFn's own state read. The
 * engine fails the invocation on it (it is retried with backoff) instead of failing the key, whose
 * records would be dead-lettered.
 */
public final class StoreFailureException extends RuntimeException {
  public StoreFailureException(String keyId, RuntimeException cause) {
    super("reading key " + keyId + " from the store failed: " + cause.getMessage(), cause);
  }
}
