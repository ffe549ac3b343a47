package dev.weir.state;

import dev.weir.sink.OutputIds;
import dev.weir.store.CellMutation;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.KeyLimitException;
import dev.weir.store.StateStore;
import dev.weir.store.StoreFailureException;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The write-back cache of one key for one bundle: reads load a namespace once (within a budget of
 * bytes, {@link LoadBudget}) and are then served from memory, writes are buffered and become one
 * {@link KeyCommit}. Writes that leave a value or timer as it was committed are dropped, so Beam's
 * habit of re-setting the same GC timer on every element costs nothing.
 *
 * <p>Not thread-safe: one bundle works on a key at a time.
 */
public final class KeyWorkspace {
  /**
   * The largest encoded state value (a value, a map or multimap entry, a set, bag or ordered-list
   * element): one such value is one item of at most 400 KB, key and attributes included.
   */
  public static final int MAX_VALUE_BYTES = 350 * 1024;

  /**
   * The most a timer's family and id may take together (UTF-8): a timer is one item with its key's
   * id ({@link KeyIds#MAX_KEY_ID_LENGTH}), window and these, and an item holds 400 KB.
   */
  public static final int MAX_TIMER_TAG_BYTES = 16 * 1024;

  private final StateStore store;
  private final String keyId;
  private final KeyHeader header;
  private final LoadBudget budget;
  private final String chunkId;
  private final Map<String, NamespaceBuffer> namespaces = new HashMap<>();
  private final Map<String, String> applied = new HashMap<>();
  private final Map<String, Long> arrivals = new HashMap<>();
  private final Set<String> expired = new HashSet<>();
  private long sequence;
  private String cause = "";
  private String causeHash;

  private KeyWorkspace(StateStore store, String keyId, KeyHeader header, long maxStateBytes) {
    this.store = store;
    this.keyId = keyId;
    this.header = header;
    this.budget = new LoadBudget(keyId, maxStateBytes);
    // Bag chunks and ordered-list entries appended by this commit sort after every earlier one,
    // and never collide with those of a concurrent attempt at the same version.
    this.chunkId = chunkId(header.version() + 1, ChunkNonces.next());
  }

  /** {@code %019d-%06x} of the two, without {@code String.format}'s cost on every key. */
  static String chunkId(long version, int random) {
    String digits = Long.toString(version);
    String hex = Integer.toHexString(random);
    StringBuilder id = new StringBuilder(26);
    id.append("0".repeat(Math.max(0, 19 - digits.length()))).append(digits).append('-');
    return id.append("0".repeat(Math.max(0, 6 - hex.length()))).append(hex).toString();
  }

  /** Opens a workspace on the key's latest committed state, loading as much of it as asked. */
  public static KeyWorkspace open(StateStore store, String keyId) {
    return open(store, keyId, Long.MAX_VALUE);
  }

  /**
   * Opens a workspace on the key's latest committed state that loads at most {@code maxStateBytes}
   * of it; a load beyond throws {@link dev.weir.store.KeyLimitException} ({@code STATE_TOO_LARGE}).
   */
  public static KeyWorkspace open(StateStore store, String keyId, long maxStateBytes) {
    return new KeyWorkspace(store, keyId, store.readHeader(keyId), maxStateBytes);
  }

  public String keyId() {
    return keyId;
  }

  /** The header this workspace read; its version is what the commit expects. */
  public KeyHeader header() {
    return header;
  }

  // ---- cells

  /** The single entry of a value cell, or null. */
  public byte[] readValue(String namespace, String stateId) {
    return readEntry(namespace, stateId, "");
  }

  /** Replaces the single entry of a value cell; a write of the committed bytes writes nothing. */
  public void writeValue(String namespace, String stateId, byte[] value) {
    putEntry(namespace, stateId, "", value);
  }

  public byte[] readEntry(String namespace, String stateId, String subKey) {
    return loadedCell(namespace, stateId).get(subKey);
  }

  /** The cell's entries as they stand now, sorted by sub-key. */
  public NavigableMap<String, byte[]> entries(String namespace, String stateId) {
    return loadedCell(namespace, stateId).view(chunkId);
  }

  public boolean isEmpty(String namespace, String stateId) {
    return loadedCell(namespace, stateId).isEmptyNow();
  }

  public void putEntry(String namespace, String stateId, String subKey, byte[] value) {
    checkSize(stateId, subKey.length() + value.length);
    NamespaceBuffer buffer = buffer(namespace);
    buffer.cell(stateId).put(subKey, value);
  }

  public void removeEntry(String namespace, String stateId, String subKey) {
    buffer(namespace).cell(stateId).remove(subKey);
  }

  /** Removes every entry of the cell; needs no read. */
  public void clear(String namespace, String stateId) {
    buffer(namespace).cell(stateId).clear();
  }

  /** Appends one encoded element to a bag cell without reading it. */
  public void append(String namespace, String stateId, byte[] encodedElement) {
    checkSize(stateId, encodedElement.length);
    buffer(namespace).chunkedCell(stateId).append(encodedElement);
  }

  /**
   * Refuses a state value that no store item could hold, inside the DoFn's call, so that it fails
   * the record that wrote it (retried, then dead-lettered) with a clear message, instead of every
   * commit of the key failing in the store.
   */
  private static void checkSize(String stateId, int bytes) {
    if (bytes > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(
          String.format(
              "a value of %,d bytes in state '%s' exceeds the %,d bytes one state value may hold"
                  + " (one DynamoDB item holds 400 KB)",
              bytes, stateId, MAX_VALUE_BYTES));
    }
  }

  /** The encoded elements of a bag cell, in append order. */
  public List<byte[]> bagElements(String namespace, String stateId) {
    List<byte[]> elements = new ArrayList<>();
    for (byte[] chunk : loadedChunkedCell(namespace, stateId).view(chunkId).values()) {
      elements.addAll(BagChunk.elementsOf(chunk));
    }
    return elements;
  }

  public boolean isBagEmpty(String namespace, String stateId) {
    return loadedChunkedCell(namespace, stateId).isEmptyNow();
  }

  /** Empties a bag; needs no read. */
  public void clearBag(String namespace, String stateId) {
    buffer(namespace).chunkedCell(stateId).clear();
  }

  /** A sub-key suffix unique within the key and increasing across commits. */
  public String uniqueSuffix() {
    return chunkId + String.format("%08d", sequence++);
  }

  // ---- timers

  public Optional<TimerRecord> timer(TimerKey key) {
    return Optional.ofNullable(loaded(key.namespace()).timer(key));
  }

  /**
   * What the work does from now on (a record or a timer firing); timers it arms remember it, so
   * that each arming of a timer is told apart from the others.
   */
  public void cause(String cause) {
    this.cause = cause;
    this.causeHash = null; // hashed only if the cause arms a timer
  }

  private String causeHash() {
    if (causeHash == null) {
      causeHash = OutputIds.arming(cause);
    }
    return causeHash;
  }

  /**
   * Sets or replaces a timer; setting it to what is committed writes nothing. A timer set again to
   * the time it is already pending for stays the same arming; otherwise the current cause arms it.
   */
  public void setTimer(TimerRecord timer) {
    if (!timer.keyId().equals(keyId)) {
      throw new IllegalArgumentException("timer of key " + timer.keyId() + " set on " + keyId);
    }
    checkTimerTag(timer.key());
    NamespaceBuffer buffer = loaded(timer.key().namespace());
    TimerRecord pending = buffer.timer(timer.key());
    buffer.setTimer(timer.sameScheduleAs(pending) ? pending : timer.armedBy(causeHash()));
  }

  /**
   * Refuses a timer no store item could hold, inside the DoFn's call, so that it fails the record
   * that set it with a clear message instead of every commit of the key failing in the store.
   */
  private static void checkTimerTag(TimerKey key) {
    int chars = key.familyId().length() + key.timerId().length();
    if (chars * 3 <= MAX_TIMER_TAG_BYTES) {
      return; // no string of these chars is longer than 3 bytes a char in UTF-8: skip encoding
    }
    int bytes =
        key.familyId().getBytes(StandardCharsets.UTF_8).length
            + key.timerId().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_TIMER_TAG_BYTES) {
      throw new IllegalArgumentException(
          String.format(
              "timer '%s' of family '%s': its family and id take %,d bytes, which exceeds the %,d"
                  + " bytes a timer's family and id may hold (a timer is one DynamoDB item of at"
                  + " most 400 KB)",
              abbreviated(key.timerId()), abbreviated(key.familyId()), bytes, MAX_TIMER_TAG_BYTES));
    }
  }

  private static String abbreviated(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }

  public void deleteTimer(TimerKey key) {
    loaded(key.namespace()).deleteTimer(key);
  }

  /** The namespace's pending timers as they stand now, loading the namespace if needed. */
  public List<TimerRecord> timers(String namespace) {
    List<TimerRecord> timers = new ArrayList<>();
    loaded(namespace).forEachCurrentTimer(timers::add);
    return timers;
  }

  /** Makes sure the namespace's committed cells and timers are loaded. */
  public void load(String namespace) {
    loaded(namespace);
  }

  /**
   * Loads the windows with timers due by these clocks that the store knows of without a read (see
   * {@link StateStore#namespacesWithDueTimers}), so that those timers fire with this work.
   */
  public void loadNamespacesWithDueTimers(long watermarkMillis, long nowMillis) {
    fromStore(() -> store.namespacesWithDueTimers(keyId, header, watermarkMillis, nowMillis))
        .forEach(this::loaded);
  }

  /**
   * The earliest timer of {@code domain} due on a clock reading {@code clockMillis} among the
   * loaded namespaces, including timers set in this bundle.
   */
  public Optional<TimerRecord> nextDueTimer(TimerDomain domain, long clockMillis) {
    return nextDueTimer(domain, clockMillis, timer -> false);
  }

  /** {@link #nextDueTimer(TimerDomain, long)}, passing over timers {@code skipped} accepts. */
  public Optional<TimerRecord> nextDueTimer(
      TimerDomain domain, long clockMillis, Predicate<TimerRecord> skipped) {
    TimerRecord[] next = {null};
    for (NamespaceBuffer buffer : namespaces.values()) {
      if (buffer.isLoaded()) {
        buffer.forEachCurrentTimer(
            timer -> {
              if (timer.domain() == domain
                  && timer.isDueAt(clockMillis)
                  && !skipped.test(timer)
                  && (next[0] == null || TimerRecord.FIRING_ORDER.compare(timer, next[0]) < 0)) {
                next[0] = timer;
              }
            });
      }
    }
    return Optional.ofNullable(next[0]);
  }

  // ---- commit

  /**
   * Records that this bundle handled the record at {@code sequenceNumber} of {@code shardId}, which
   * Kinesis accepted at {@code arrivalMillis}: applied it, or dead-lettered it or sent it as late
   * data. The commit then writes the header even if nothing else changed, so a replay skips it.
   */
  public void markApplied(String shardId, String sequenceNumber, long arrivalMillis) {
    applied.merge(shardId, sequenceNumber, dev.weir.store.SequenceNumbers::max);
    arrivals.merge(shardId, arrivalMillis, Math::max);
  }

  /**
   * Records that {@code namespace}'s window expired and its state was cleared: the commit asks the
   * store to leave nothing of it, including what it kept of cells cleared earlier.
   */
  public void expire(String namespace) {
    expired.add(namespace);
  }

  /** The commit of everything buffered, or empty if nothing would change. */
  public Optional<KeyCommit> pendingCommit() {
    List<CellMutation> cells = new ArrayList<>();
    List<TimerRecord> timerPuts = new ArrayList<>();
    List<TimerRecord> timerDeletes = new ArrayList<>();
    namespaces.forEach(
        (namespace, buffer) -> {
          buffer
              .cells()
              .forEach(
                  (stateId, cell) -> {
                    if (cell.isDirty()) {
                      cells.add(
                          new CellMutation(
                              namespace,
                              stateId,
                              cell.isChunked(),
                              cell.isCleared(),
                              cell.putsWithChunk(chunkId),
                              cell.deletes()));
                    }
                  });
          timerPuts.addAll(buffer.timerPuts().values());
          timerDeletes.addAll(buffer.timerDeletes().values());
        });
    Map<String, Set<String>> expiredNamespaces = new HashMap<>();
    for (String namespace : expired) {
      Set<String> chunked = new TreeSet<>();
      namespaces
          .getOrDefault(namespace, new NamespaceBuffer())
          .cells()
          .forEach(
              (id, cell) -> {
                if (cell.isChunked()) {
                  chunked.add(id);
                }
              });
      expiredNamespaces.put(namespace, chunked);
    }
    if (cells.isEmpty()
        && timerPuts.isEmpty()
        && timerDeletes.isEmpty()
        && expiredNamespaces.isEmpty()
        && !marksNewRecords()) {
      // Nothing changed and no record was handled: the header write is skipped (a tick or a firing
      // that found nothing due). A record handled without changing state (dead-lettered, late,
      // or one the DoFn only output for) still commits the header: what went out for it before
      // the commit must not go out again when its batch is replayed.
      return Optional.empty();
    }
    return Optional.of(
        new KeyCommit(
            keyId,
            header.version(),
            header.next(applied, arrivals),
            cells,
            timerPuts,
            timerDeletes,
            expiredNamespaces));
  }

  /** True if a record marked applied is not yet covered by the header this workspace read. */
  private boolean marksNewRecords() {
    for (Map.Entry<String, String> shard : applied.entrySet()) {
      if (!header.hasApplied(shard.getKey(), shard.getValue())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Commits everything buffered in one atomic store call.
   *
   * @return what was committed, or empty if nothing changed
   * @throws dev.weir.store.CommitConflictException if another writer committed the key first
   */
  public Optional<KeyCommit> commit() {
    Optional<KeyCommit> commit = pendingCommit();
    commit.ifPresent(store::commit);
    return commit;
  }

  private NamespaceBuffer buffer(String namespace) {
    return namespaces.computeIfAbsent(namespace, n -> new NamespaceBuffer());
  }

  private NamespaceBuffer loaded(String namespace) {
    NamespaceBuffer buffer = buffer(namespace);
    if (!buffer.isLoaded()) {
      buffer.load(
          fromStore(
              () ->
                  budget.load(
                      maxBytes -> store.readNamespace(keyId, header, namespace, maxBytes),
                      LoadBudget::sizeOf)));
    }
    return buffer;
  }

  /** A lazy read, often inside the DoFn: its failure is marked as the store's, not the DoFn's. */
  private <T> T fromStore(Supplier<T> read) {
    try {
      return read.get();
    } catch (StoreFailureException | KeyLimitException e) {
      throw e; // a key past its budget is the key's failure, not the store's
    } catch (RuntimeException e) {
      throw new StoreFailureException(keyId, e);
    }
  }

  private Cell loadedChunkedCell(String namespace, String stateId) {
    Cell cell = buffer(namespace).chunkedCell(stateId);
    if (!cell.isLoaded()) {
      cell.load(
          fromStore(
              () ->
                  budget.load(
                      maxBytes ->
                          store.readChunkedCell(keyId, header, namespace, stateId, maxBytes),
                      LoadBudget::sizeOf)));
    }
    return cell;
  }

  private Cell loadedCell(String namespace, String stateId) {
    return loaded(namespace).cell(stateId);
  }
}
