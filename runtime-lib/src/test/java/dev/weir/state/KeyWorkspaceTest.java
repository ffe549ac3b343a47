package dev.weir.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.store.KeyCommit;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyWorkspaceTest {
  private final AtomicInteger namespaceReads = new AtomicInteger();
  private final InMemoryStore store = new InMemoryStore();
  private final dev.weir.store.StateStore countingStore =
      new dev.weir.store.StateStore() {
        @Override
        public dev.weir.store.KeyHeader readHeader(String keyId) {
          return store.readHeader(keyId);
        }

        @Override
        public dev.weir.store.NamespaceSnapshot readNamespace(
            String keyId, dev.weir.store.KeyHeader header, String namespace) {
          namespaceReads.incrementAndGet();
          return store.readNamespace(keyId, header, namespace);
        }

        @Override
        public java.util.NavigableMap<String, byte[]> readChunkedCell(
            String keyId, dev.weir.store.KeyHeader header, String namespace, String stateId) {
          return store.readChunkedCell(keyId, header, namespace, stateId);
        }

        @Override
        public void commit(KeyCommit commit) {
          store.commit(commit);
        }
      };

  private TimerRecord timer(long fireAt) {
    return new TimerRecord(
        "k", new TimerKey("/w/", "", "ts-expiry"), TimerDomain.EVENT_TIME, fireAt, fireAt);
  }

  @Test
  void rewritingTheCommittedValueOrTimerWritesNothing() {
    KeyWorkspace first = KeyWorkspace.open(countingStore, "k");
    first.writeValue("/w/", "ucount", new byte[] {1});
    first.setTimer(timer(59_999));
    assertThat(first.commit()).isPresent();

    KeyWorkspace second = KeyWorkspace.open(countingStore, "k");
    second.writeValue("/w/", "ucount", new byte[] {1});
    second.setTimer(timer(59_999));
    second.setTimer(timer(59_999));

    assertThat(second.pendingCommit()).isEmpty();
  }

  @Test
  void changingAndRestoringAValueWritesNothing() {
    KeyWorkspace first = KeyWorkspace.open(countingStore, "k");
    first.writeValue("/w/", "ucount", new byte[] {1});
    first.commit();

    KeyWorkspace second = KeyWorkspace.open(countingStore, "k");
    second.readValue("/w/", "ucount");
    second.writeValue("/w/", "ucount", new byte[] {2});
    second.writeValue("/w/", "ucount", new byte[] {1});

    assertThat(second.pendingCommit()).isEmpty();
  }

  @Test
  void bagAppendsReadNothingAndLandInOneChunkPerCommit() {
    KeyWorkspace workspace = KeyWorkspace.open(countingStore, "k");
    workspace.append("/w/", "ubuffer", new byte[] {1});
    workspace.append("/w/", "ubuffer", new byte[] {});
    workspace.append("/w/", "ubuffer", new byte[] {3});
    assertThat(namespaceReads).hasValue(0);

    KeyCommit commit = workspace.pendingCommit().orElseThrow();
    assertThat(commit.cells())
        .singleElement()
        .satisfies(cell -> assertThat(cell.puts()).hasSize(1));
    workspace.commit();

    KeyWorkspace next = KeyWorkspace.open(countingStore, "k");
    next.append("/w/", "ubuffer", new byte[] {4});
    assertThat(next.bagElements("/w/", "ubuffer"))
        .containsExactly(new byte[] {1}, new byte[] {}, new byte[] {3}, new byte[] {4});
  }

  @Test
  void clearingThenAppendingKeepsOnlyTheNewElements() {
    KeyWorkspace first = KeyWorkspace.open(countingStore, "k");
    first.append("/w/", "ubuffer", new byte[] {1});
    first.commit();

    KeyWorkspace second = KeyWorkspace.open(countingStore, "k");
    second.clearBag("/w/", "ubuffer");
    second.append("/w/", "ubuffer", new byte[] {2});
    second.commit();

    assertThat(KeyWorkspace.open(countingStore, "k").bagElements("/w/", "ubuffer"))
        .containsExactly(new byte[] {2});
  }

  @Test
  void nextDueTimerIncludesTimersSetInThisBundleAndIsStrict() {
    KeyWorkspace workspace = KeyWorkspace.open(countingStore, "k");
    workspace.setTimer(timer(100));
    workspace.setTimer(
        new TimerRecord("k", new TimerKey("/w/", "", "ts-other"), TimerDomain.EVENT_TIME, 50, 50));

    assertThat(workspace.nextDueTimer(TimerDomain.EVENT_TIME, 50)).isEmpty();
    assertThat(workspace.nextDueTimer(TimerDomain.EVENT_TIME, 51).orElseThrow().fireAtMillis())
        .isEqualTo(50);
    assertThat(workspace.nextDueTimer(TimerDomain.PROCESSING_TIME, 1_000)).isEmpty();
  }

  @Test
  void chunkIdsSortByVersionAsZeroPaddedDigits() {
    assertThat(KeyWorkspace.chunkId(5, 0xabc)).isEqualTo(String.format("%019d-%06x", 5L, 0xabc));
    assertThat(KeyWorkspace.chunkId(Long.MAX_VALUE, 0xffffff))
        .isEqualTo(String.format("%019d-%06x", Long.MAX_VALUE, 0xffffff));
  }
}
