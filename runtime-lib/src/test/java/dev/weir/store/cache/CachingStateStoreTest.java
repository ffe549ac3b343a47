package dev.weir.store.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.store.CellMutation;
import dev.weir.store.CommitConflictException;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.store.StateStore;
import dev.weir.store.StoreContract;
import dev.weir.store.Stores;
import dev.weir.store.memory.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The cache passes the store contract over the in-memory store, and a copy made stale by another
 * container's commit is never committed over nor trusted for outputs.
 */
class CachingStateStoreTest extends StoreContract {
  @Override
  protected Stores createStores() {
    return CachingStateStore.around(new InMemoryStore().asStores(), 1 << 20);
  }

  private static KeyCommit write(String key, long expected, String value) {
    return new KeyCommit(
        key,
        expected,
        new KeyHeader(expected + 1, Map.of()),
        List.of(
            new CellMutation(
                "/w/",
                "value",
                false,
                false,
                Map.of("", value.getBytes(StandardCharsets.UTF_8)),
                Set.of())),
        List.of(),
        List.of());
  }

  /** A commit as the engine makes it: on the header it read, which gives the next one. */
  private static KeyCommit writeAfter(String key, KeyHeader read, String value) {
    CellMutation cell =
        value == null
            ? new CellMutation("/w/", "value", false, true, Map.of(), Set.of())
            : new CellMutation(
                "/w/",
                "value",
                false,
                false,
                Map.of("", value.getBytes(StandardCharsets.UTF_8)),
                Set.of());
    return new KeyCommit(
        key, read.version(), read.next(Map.of(), Map.of()), List.of(cell), List.of(), List.of());
  }

  /** The key's cells in {@code /w/} as {@code header} has them, values as text. */
  private static Map<String, String> cells(StateStore store, String key, KeyHeader header) {
    Map<String, String> cells = new TreeMap<>();
    store
        .readNamespace(key, header, "/w/")
        .cells()
        .forEach(
            (stateId, entries) ->
                cells.put(stateId, new String(entries.get(""), StandardCharsets.UTF_8)));
    return cells;
  }

  private static String value(CachingStateStore store, String key) {
    KeyHeader header = store.readHeader(key);
    return new String(
        store.readNamespace(key, header, "/w/").cells().get("value").get(""),
        StandardCharsets.UTF_8);
  }

  @Test
  void ownCommitsKeepTheCopyCurrentWithoutReading() {
    InMemoryStore durable = new InMemoryStore();
    CachingStateStore cache = new CachingStateStore(durable.asStores().state(), 1 << 20);
    cache.readNamespace("k", cache.readHeader("k"), "/w/");
    cache.commit(write("k", 0, "one"));

    assertThat(value(cache, "k")).isEqualTo("one");
    assertThat(cache.readHeader("k").version()).isEqualTo(1);
    assertThat(cache.isCurrent("k", cache.readHeader("k"))).isTrue();
  }

  @Test
  void aCopyMadeStaleElsewhereIsCaughtBeforeOutputsAndAtCommit() {
    InMemoryStore durable = new InMemoryStore();
    CachingStateStore here = new CachingStateStore(durable.asStores().state(), 1 << 20);
    CachingStateStore elsewhere = new CachingStateStore(durable.asStores().state(), 1 << 20);
    here.readNamespace("k", here.readHeader("k"), "/w/");
    here.commit(write("k", 0, "one"));
    elsewhere.commit(write("k", elsewhere.readHeader("k").version(), "two"));

    KeyHeader stale = here.readHeader("k");
    assertThat(stale.version()).as("served from memory").isEqualTo(1);
    assertThat(here.isCurrent("k", stale)).isFalse();
    assertThat(value(here, "k")).as("forgotten, then read afresh").isEqualTo("two");

    CachingStateStore third = new CachingStateStore(durable.asStores().state(), 1 << 20);
    third.readHeader("k");
    elsewhere.commit(write("k", 2, "three"));
    assertThatThrownBy(() -> third.commit(write("k", 2, "lost")))
        .isInstanceOf(CommitConflictException.class);
    assertThat(value(third, "k")).isEqualTo("three");
  }

  @Test
  void aCopyIsTrustedWithoutAReadOnlyWithinItsShardsUninterruptedRun() {
    InMemoryStore durable = new InMemoryStore();
    CachingStateStore here = new CachingStateStore(durable.asStores().state(), 1 << 20);
    CachingStateStore elsewhere = new CachingStateStore(durable.asStores().state(), 1 << 20);
    here.prepare("shard-1", List.of("k"), false);
    here.readNamespace("k", here.readHeader("k"), "/w/");
    here.commit(write("k", 0, "one"));
    elsewhere.commit(write("k", 1, "two")); // breaks the promise the caller makes below

    here.prepare("shard-1", List.of("k"), true);
    assertThat(value(here, "k")).as("trusted: not read again").isEqualTo("one");
    here.prepare("shard-2", List.of("k"), true);
    assertThat(value(here, "k")).as("another shard's first bundle here reads").isEqualTo("two");
    elsewhere.commit(write("k", 2, "three"));
    here.prepare("shard-1", List.of("k"), false);
    assertThat(value(here, "k")).as("an interrupted bundle reads").isEqualTo("three");
  }

  @Test
  void aKeyCreatedAgainAfterItsHeaderExpiredIsNotTakenForTheOldOne() {
    ExpiringStore durable = new ExpiringStore();
    CachingStateStore here = new CachingStateStore(durable, 1 << 20);
    here.readNamespace("k", here.readHeader("k"), "/w/");
    here.commit(writeAfter("k", here.readHeader("k"), "old"));
    here.commit(writeAfter("k", here.readHeader("k"), null)); // holds nothing: its header expires
    KeyHeader old = here.readHeader("k");
    durable.expireEveryKey();
    CachingStateStore elsewhere = new CachingStateStore(durable, 1 << 20);
    elsewhere.commit(writeAfter("k", elsewhere.readHeader("k"), "new"));
    elsewhere.commit(writeAfter("k", elsewhere.readHeader("k"), "new, later"));
    assertThat(elsewhere.readHeader("k").version()).isEqualTo(old.version());

    here.prepare(List.of("k")); // a bundle checks its keys' versions before its work
    KeyHeader header = here.readHeader("k");

    assertThat(cells(here, "k", header)).containsExactly(Map.entry("value", "new, later"));
    assertThat(here.isCurrent("k", old)).as("outputs from the old key's state").isFalse();
    assertThatThrownBy(() -> here.commit(writeAfter("k", old, "lost")))
        .isInstanceOf(CommitConflictException.class);
    assertThat(cells(durable, "k", durable.readHeader("k")))
        .containsExactly(Map.entry("value", "new, later"));
  }

  /**
   * Durable storage whose keys can vanish, as DynamoDB's TTL deletes the header of a key that holds
   * nothing; a key committed again afterwards starts over at version 0.
   */
  private static final class ExpiringStore implements StateStore {
    private volatile InMemoryStore stored = new InMemoryStore();

    void expireEveryKey() {
      stored = new InMemoryStore();
    }

    @Override
    public KeyHeader readHeader(String keyId) {
      return stored.readHeader(keyId);
    }

    @Override
    public NamespaceSnapshot readNamespace(String keyId, KeyHeader header, String namespace) {
      return stored.readNamespace(keyId, header, namespace);
    }

    @Override
    public NavigableMap<String, byte[]> readChunkedCell(
        String keyId, KeyHeader header, String namespace, String stateId) {
      return stored.readChunkedCell(keyId, header, namespace, stateId);
    }

    @Override
    public void commit(KeyCommit commit) {
      stored.commit(commit);
    }
  }

  @Test
  void keysAreDroppedOnceTheirStateExceedsTheBytesGiven() {
    InMemoryStore durable = new InMemoryStore();
    CachingStateStore cache = new CachingStateStore(durable.asStores().state(), 64 * 1024);
    String big = "x".repeat(40_000);
    for (String key : List.of("a", "b", "c", "d", "e")) {
      KeyHeader header = cache.readHeader(key);
      cache.readNamespace(key, header, "/w/");
      cache.commit(write(key, header.version(), big));
    }

    assertThat(cache.heapBytes()).isPositive().isLessThanOrEqualTo(64 * 1024);
    CachingStateStore elsewhere = new CachingStateStore(durable.asStores().state(), 1 << 20);
    List.of("a", "b", "c", "d", "e").forEach(key -> elsewhere.commit(write(key, 1, "later")));
    long readAfresh =
        List.of("a", "b", "c", "d", "e").stream()
            .filter(key -> cache.readHeader(key).version() == 2)
            .count();
    assertThat(readAfresh).as("each key weighs ~40 KB: at most one fits in 64 KB").isEqualTo(4);
  }

  @Test
  void aKeyGrownByAReadIsWeighedAgain() {
    InMemoryStore durable = new InMemoryStore();
    durable.asStores().state().commit(write("k", 0, "y".repeat(50_000)));
    CachingStateStore cache = new CachingStateStore(durable.asStores().state(), 1 << 20);
    KeyHeader header = cache.readHeader("k");
    long headerOnly = cache.heapBytes();
    cache.readNamespace("k", header, "/w/");

    assertThat(cache.heapBytes()).isGreaterThan(headerOnly + 50_000);
  }
}
