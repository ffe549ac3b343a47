package dev.weir.store.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.store.CellMutation;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.store.StateStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 20,000 keys of 64 KB state each (1.3 GB) pass through the cache in a 1 GB heap: the cache keeps
 * what fits in the quarter of the heap a container gives it and drops the rest. With a bound on the
 * number of keys instead (20,000, as before), this runs out of memory.
 *
 * <p>Runs in a JVM of its own with {@code -Xmx1g} (the {@code heap-bound} execution of this
 * module's pom). The durable store here keeps each key's version only and makes up its 64 KB on
 * every read, as DynamoDB keeps state off this heap.
 */
class CacheHeapBoundTest {
  private static final int KEYS = 20_000;
  private static final int STATE_BYTES = 64 * 1024;
  private static final String NAMESPACE = "/w/";

  @Test
  void twentyThousandKeysOf64KbPassThroughA1GbHeap() {
    long heap = Runtime.getRuntime().maxMemory();
    assertThat(heap).as("this test's JVM has a 1 GB heap").isLessThanOrEqualTo(1L << 30);
    StateOffHeap durable = new StateOffHeap();
    CachingStateStore cache = new CachingStateStore(durable, heap / 4);

    for (int i = 0; i < KEYS; i++) {
      String key = "key-" + i;
      KeyHeader header = cache.readHeader(key);
      byte[] state = cache.readNamespace(key, header, NAMESPACE).cells().get("buffer").get("");
      assertThat(state).hasSize(STATE_BYTES);
      cache.commit(append(key, header, state));
    }

    assertThat(cache.heapBytes()).isLessThanOrEqualTo(heap / 4);
    long readsBefore = durable.namespaceReads.get();
    for (int i = KEYS - 100; i < KEYS; i++) {
      String key = "key-" + i;
      KeyHeader header = cache.readHeader(key);
      assertThat(header.version()).isEqualTo(1);
      byte[] state = cache.readNamespace(key, header, NAMESPACE).cells().get("buffer").get("");
      assertThat(state[0]).as("the committed state, from memory").isEqualTo((byte) (i + 1));
    }
    assertThat(durable.namespaceReads.get() - readsBefore)
        .as("the most recent keys are still served from memory")
        .isZero();
  }

  /** The key's state with its first byte changed, as a DoFn's buffer would be rewritten. */
  private static KeyCommit append(String key, KeyHeader header, byte[] state) {
    byte[] next = Arrays.copyOf(state, state.length);
    next[0]++;
    return new KeyCommit(
        key,
        header.version(),
        header.next(Map.of("shard-0", "1"), Map.of("shard-0", 0L)),
        List.of(new CellMutation(NAMESPACE, "buffer", false, true, Map.of("", next), Set.of())),
        List.of(),
        List.of());
  }

  /**
   * Keeps versions only; a key's 64 KB is made up anew on each read, its first byte the version.
   */
  private static final class StateOffHeap implements StateStore {
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    final AtomicLong namespaceReads = new AtomicLong();

    @Override
    public KeyHeader readHeader(String keyId) {
      return new KeyHeader(versions.getOrDefault(keyId, 0L), Map.of());
    }

    @Override
    public NamespaceSnapshot readNamespace(String keyId, KeyHeader header, String namespace) {
      namespaceReads.incrementAndGet();
      byte[] state = new byte[STATE_BYTES];
      state[0] = (byte) (Integer.parseInt(keyId.substring(4)) + header.version());
      NavigableMap<String, byte[]> entries = new TreeMap<>(Map.of("", state));
      return new NamespaceSnapshot(Map.of("buffer", entries), List.of());
    }

    @Override
    public NavigableMap<String, byte[]> readChunkedCell(
        String keyId, KeyHeader header, String namespace, String stateId) {
      return new TreeMap<>();
    }

    @Override
    public void commit(KeyCommit commit) {
      versions.put(commit.keyId(), commit.header().version());
    }
  }
}
