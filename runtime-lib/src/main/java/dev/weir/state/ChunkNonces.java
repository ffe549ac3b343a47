package dev.weir.state;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The random part of a commit's chunk ids, which keeps two attempts at the same version of a key
 * (in two containers) from naming a chunk alike. {@link ThreadLocalRandom} is fast, but its state
 * is part of a JVM snapshot: every container restored from one SnapStart snapshot would draw the
 * same numbers. A salt from {@link SecureRandom}, drawn again after each restore ({@link #reseed}),
 * keeps them apart.
 */
public final class ChunkNonces {
  private static final int BITS = 24;
  private static volatile int salt = new SecureRandom().nextInt();

  private ChunkNonces() {}

  /** The next nonce: {@value #BITS} random bits. */
  static int next() {
    return (ThreadLocalRandom.current().nextInt() ^ salt) & ((1 << BITS) - 1);
  }

  /** Draws a new salt: call it after a snapshot's restore, before any work. */
  public static void reseed() {
    salt = new SecureRandom().nextInt();
  }

  static int salt() {
    return salt;
  }
}
