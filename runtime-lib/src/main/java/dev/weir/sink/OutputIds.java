package dev.weir.sink;

import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerRecord;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * How output ids are made: a wire format. Consumers drop duplicates by id, so an id must name one
 * output for good — the same in a replay of the same work, in another container and in the next
 * version of Weir (a changed id makes every consumer see duplicates after an upgrade; {@code
 * OutputIdsGoldenTest} pins them). An id is a name-based UUID of the pipeline, the key, the window,
 * the cause of the output and its index among that cause's outputs; causes are built here only.
 */
public final class OutputIds {
  /** Outputs of a key's work before any record or timer (none in practice). */
  public static final String KEY_CAUSE = "key";

  private OutputIds() {}

  /** The id of the {@code index}th output of {@code cause} for one key and window. */
  public static String id(
      String pipeline, String keyId, String namespace, String cause, int index) {
    return nameUuid(pipeline + '\n' + keyId + '\n' + namespace + '\n' + cause + '\n' + index);
  }

  /** The cause of outputs a record's processing emits. */
  public static String record(String shardId, String sequenceNumber) {
    return "record:" + shardId + ':' + sequenceNumber;
  }

  /** The cause of a bundle's own outputs: the shard and its first and last sequence numbers. */
  public static String bundle(String shardId, String firstSequence, String lastSequence) {
    return firstSequence == null
        ? "bundle:" + shardId + ":empty"
        : "bundle:" + shardId + ':' + firstSequence + '-' + lastSequence;
  }

  /** The cause of what a key's {@code @FinishBundle} emits in {@code bundleCause}. */
  public static String finishBundle(String bundleCause) {
    return "finish:" + bundleCause;
  }

  /** The cause of a timer sweep's own outputs. */
  public static String firing(TimerDomain domain, long clockMillis) {
    return "firing:" + domain + ':' + clockMillis;
  }

  /**
   * The cause of what a timer's firing emits: the timer, its time and what armed it, so that two
   * firings of one timer at one time (set again by a later record) differ.
   */
  public static String timer(TimerRecord timer) {
    return "timer:"
        + timer.key().namespace()
        + ':'
        + timer.key().familyId()
        + ':'
        + timer.key().timerId()
        + ':'
        + timer.fireAtMillis()
        + ':'
        + timer.armedBy();
  }

  /** What a timer set by {@code cause} records as its arming (see {@link TimerRecord#armedBy}). */
  public static String arming(String cause) {
    return nameUuid(cause);
  }

  private static String nameUuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
