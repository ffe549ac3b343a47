package dev.weir.store;

/**
 * A commit lost a race: the key's header moved past the version the commit read, or a timer it
 * claims is gone. The caller reloads the key and redoes its work.
 */
public class CommitConflictException extends RuntimeException {
  public CommitConflictException(String message) {
    super(message);
  }
}
