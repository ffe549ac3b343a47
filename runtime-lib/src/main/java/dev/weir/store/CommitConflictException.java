package dev.weir.store;

/**
 * A commit lost a race: the key's header moved past the version the commit read, or a timer it
 * claims is gone. The caller reloads the key and redoes its work.
 */
public class CommitConflictException extends RuntimeException {
  public CommitConflictException(String message) {
    super(message);
  }

  /** {@code commit}'s conditional write failed: another writer committed the key first. */
  public static CommitConflictException lostRace(KeyCommit commit, String detail) {
    return new CommitConflictException(
        "commit of key "
            + commit.keyId()
            + " at version "
            + commit.expectedVersion()
            + " lost a race"
            + (detail.isEmpty() ? "" : ": " + detail));
  }
}
