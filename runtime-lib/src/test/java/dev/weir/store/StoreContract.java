package dev.weir.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerIndex;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerPage;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every store backend must show. Subclass it with a backend; each test uses fresh
 * keys and shards, so a backend may share one table between tests.
 */
public abstract class StoreContract {
  protected StateStore state;
  protected TimerIndex timers;
  protected ShardStore shards;
  protected AttemptLedger attempts;
  private String prefix;

  /** A backend, fresh or shared. */
  protected abstract Stores createStores();

  @BeforeEach
  void setUpStores() {
    Stores stores = createStores();
    state = stores.state();
    timers = stores.timers();
    shards = stores.shards();
    attempts = stores.attempts();
    prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
  }

  private String key(String name) {
    return prefix + name;
  }

  private TimerRecord timer(String keyId, String id, TimerDomain domain, long fireAt) {
    return new TimerRecord(keyId, new TimerKey("/w1/", "", id), domain, fireAt, fireAt)
        .armedBy("armed-by-" + id);
  }

  private static CellMutation put(String namespace, String stateId, String subKey, String value) {
    return new CellMutation(
        namespace, stateId, false, false, Map.of(subKey, value.getBytes()), Set.of());
  }

  private KeyCommit commit(
      String keyId,
      long expected,
      List<CellMutation> cells,
      List<TimerRecord> puts,
      List<TimerRecord> deletes) {
    return new KeyCommit(
        keyId, expected, new KeyHeader(expected + 1, Map.of("shard-1", "7")), cells, puts, deletes);
  }

  @Test
  void aNewKeyHasAnEmptyHeaderAndNoState() {
    assertThat(state.readHeader(key("new"))).isEqualTo(KeyHeader.NEW);
    assertThat(state.readNamespace(key("new"), KeyHeader.NEW, "/w1/").cells()).isEmpty();
    assertThat(state.readNamespace(key("new"), KeyHeader.NEW, "/w1/").timers()).isEmpty();
  }

  @Test
  void aCommitMakesCellsTimersAndHeaderVisibleTogether() {
    String k = key("a");
    TimerRecord expiry = timer(k, "ts-expiry", TimerDomain.EVENT_TIME, 59_999);
    state.commit(commit(k, 0, List.of(put("/w1/", "ucount", "", "3")), List.of(expiry), List.of()));

    assertThat(state.readHeader(k).version()).isEqualTo(1);
    assertThat(state.readHeader(k).hasApplied("shard-1", "7")).isTrue();
    assertThat(state.readHeader(k).hasApplied("shard-1", "8")).isFalse();
    NamespaceSnapshot snapshot = state.readNamespace(k, state.readHeader(k), "/w1/");
    assertThat(new String(snapshot.cells().get("ucount").get(""))).isEqualTo("3");
    assertThat(snapshot.timers()).containsExactly(expiry);
    assertThat(state.readNamespace(k, state.readHeader(k), "/w2/").cells()).isEmpty();
  }

  @Test
  void theCatalogListsKeysHoldingStateOrTimersWithTheirWindows() {
    String withState = key("cat-state");
    String withTimer = key("cat-timer");
    String emptied = key("cat-emptied");
    state.commit(
        commit(
            withState,
            0,
            List.of(put("/w1/", "ucount", "", "1"), put("/w2/", "ucount", "", "2")),
            List.of(),
            List.of()));
    state.commit(
        commit(
            withTimer,
            0,
            List.of(),
            List.of(timer(withTimer, "ts-t", TimerDomain.EVENT_TIME, 9)),
            List.of()));
    state.commit(commit(emptied, 0, List.of(put("/w1/", "ucount", "", "1")), List.of(), List.of()));
    state.commit(
        commit(
            emptied,
            1,
            List.of(new CellMutation("/w1/", "ucount", false, true, Map.of(), Set.of())),
            List.of(),
            List.of()));
    KeyCatalog catalog = (KeyCatalog) state;

    List<String> listed =
        catalog.keyIds(prefix, 1_000).stream().filter(id -> id.startsWith(prefix)).toList();

    assertThat(listed).containsExactly(withState, withTimer);
    assertThat(catalog.keyIds(prefix, 1)).containsExactly(withState);
    assertThat(catalog.keyIds(withState, 1)).containsExactly(withTimer);
    assertThat(catalog.namespaces(withState, state.readHeader(withState)))
        .containsExactlyInAnyOrder("/w1/", "/w2/");
    assertThat(catalog.namespaces(withTimer, state.readHeader(withTimer))).containsExactly("/w1/");
    assertThat(catalog.namespaces(emptied, state.readHeader(emptied))).isEmpty();
    assertThat(catalog.namespaces(key("never"), KeyHeader.NEW)).isEmpty();
  }

  @Test
  void theCatalogListsTheWindowsOfAKeyTooLargeToLiveInItsHeader() {
    String big = key("cat-big");
    String value = "v".repeat(6_000); // two of these are more than a header item holds inline
    state.commit(
        commit(
            big,
            0,
            List.of(put("/w1/", "ubuffer", "a", value), put("/w2/", "ubuffer", "b", value)),
            List.of(timer(big, "ts-t", TimerDomain.EVENT_TIME, 9)),
            List.of()));
    KeyCatalog catalog = (KeyCatalog) state;

    assertThat(catalog.keyIds(prefix, 1_000)).contains(big);
    assertThat(catalog.namespaces(big, state.readHeader(big)))
        .containsExactlyInAnyOrder("/w1/", "/w2/");
  }

  @Test
  void aStaleVersionConflictsAndChangesNothing() {
    String k = key("b");
    state.commit(commit(k, 0, List.of(put("/w1/", "ucount", "", "1")), List.of(), List.of()));

    assertThatThrownBy(
            () ->
                state.commit(
                    commit(k, 0, List.of(put("/w1/", "ucount", "", "2")), List.of(), List.of())))
        .isInstanceOf(CommitConflictException.class);
    assertThat(
            new String(
                state.readNamespace(k, state.readHeader(k), "/w1/").cells().get("ucount").get("")))
        .isEqualTo("1");
    assertThat(state.readHeader(k).version()).isEqualTo(1);
  }

  @Test
  void aCommitOnTheHeaderOfAnEarlierGenerationOfTheKeyConflicts() {
    // A key whose header expired and that was committed again counts its versions anew: only the
    // generation its first commit chose tells its version 1 from the old key's.
    String k = key("gen");
    KeyHeader first = KeyHeader.NEW.next(Map.of("shard-1", "7"), Map.of());
    state.commit(
        new KeyCommit(k, 0, first, List.of(put("/w1/", "ucount", "", "1")), List.of(), List.of()));

    KeyHeader read = state.readHeader(k);
    assertThat(read.generation()).isNotZero().isEqualTo(first.generation());
    assertThat(read.isSameVersionAs(first)).isTrue();
    KeyHeader earlier = new KeyHeader(1, Map.of(), Set.of(), Map.of(), first.generation() + 1);
    assertThat(read.isSameVersionAs(earlier)).isFalse();
    assertThatThrownBy(
            () ->
                state.commit(
                    new KeyCommit(
                        k,
                        1,
                        earlier.next(Map.of("shard-1", "8"), Map.of()),
                        List.of(put("/w1/", "ucount", "", "2")),
                        List.of(),
                        List.of())))
        .isInstanceOf(CommitConflictException.class);
    assertThat(
            new String(
                state.readNamespace(k, state.readHeader(k), "/w1/").cells().get("ucount").get("")))
        .isEqualTo("1");
    assertThat(state.readHeader(k).isSameVersionAs(first)).isTrue();
  }

  @Test
  void claimingATimerThatIsGoneConflicts() {
    String k = key("c");
    TimerRecord stale = timer(k, "ts-stale", TimerDomain.PROCESSING_TIME, 1_000);
    state.commit(commit(k, 0, List.of(), List.of(stale), List.of()));
    state.commit(commit(k, 1, List.of(), List.of(), List.of(stale)));

    assertThatThrownBy(() -> state.commit(commit(k, 2, List.of(), List.of(), List.of(stale))))
        .isInstanceOf(CommitConflictException.class);
  }

  @Test
  void clearingAChunkedCellRemovesEveryEntryBeforeNewOnesAreWritten() {
    String k = key("d");
    state.commit(
        commit(
            k,
            0,
            List.of(
                new CellMutation(
                    "/w1/",
                    "ubuffer",
                    true,
                    false,
                    Map.of("001", "x".getBytes(), "002", "y".getBytes()),
                    Set.of())),
            List.of(),
            List.of()));
    state.commit(
        commit(
            k,
            1,
            List.of(
                new CellMutation(
                    "/w1/", "ubuffer", true, true, Map.of("003", "z".getBytes()), Set.of())),
            List.of(),
            List.of()));

    KeyHeader header = state.readHeader(k);
    assertThat(state.readChunkedCell(k, header, "/w1/", "ubuffer")).containsOnlyKeys("003");
    assertThat(state.readNamespace(k, header, "/w1/").cells())
        .as("chunked cells are read on their own")
        .doesNotContainKey("ubuffer");
  }

  @Test
  void keysAndSubKeysLongerThanADynamoDbKeyAllowsRoundTrip() {
    String k = key("long-" + "k".repeat(3_000));
    String subKey = "m".repeat(2_000);
    TimerRecord timer =
        new TimerRecord(k, new TimerKey("/w1/", "", "t"), TimerDomain.EVENT_TIME, 5, 5);
    state.commit(
        commit(k, 0, List.of(put("/w1/", "umap", subKey, "v")), List.of(timer), List.of()));

    NamespaceSnapshot snapshot = state.readNamespace(k, state.readHeader(k), "/w1/");
    assertThat(snapshot.cells().get("umap")).containsOnlyKeys(subKey);
    assertThat(snapshot.timers()).containsExactly(timer);
    assertThat(timers.dueTimers(TimerDomain.EVENT_TIME, 6, 10_000)).contains(timer);
  }

  @Test
  void dueTimersComeInDueOrderAcrossKeysStrictlyBeforeTheClock() {
    String k1 = key("e1");
    String k2 = key("e2");
    TimerRecord late = timer(k1, "t", TimerDomain.EVENT_TIME, Long.MAX_VALUE / 2 + 300);
    TimerRecord early = timer(k2, "t", TimerDomain.EVENT_TIME, Long.MAX_VALUE / 2 + 100);
    TimerRecord atClock = timer(k2, "u", TimerDomain.EVENT_TIME, Long.MAX_VALUE / 2 + 400);
    TimerRecord otherDomain = timer(k1, "p", TimerDomain.PROCESSING_TIME, Long.MAX_VALUE / 2 + 50);
    state.commit(commit(k1, 0, List.of(), List.of(late, otherDomain), List.of()));
    state.commit(commit(k2, 0, List.of(), List.of(early, atClock), List.of()));

    List<TimerRecord> due = timers.dueTimers(TimerDomain.EVENT_TIME, Long.MAX_VALUE / 2 + 400, 100);
    assertThat(due.stream().filter(t -> t.keyId().startsWith(prefix)).toList())
        .containsExactly(early, late);
  }

  @Test
  void theIndexListsAtMostTheLimitEarliestFirstAndEachDomainApart() {
    long base = Long.MIN_VALUE / 2; // before any other test's timers in a shared table
    TimerRecord first = timer(key("g1"), "t", TimerDomain.EVENT_TIME, base + 10);
    TimerRecord second = timer(key("g2"), "t", TimerDomain.EVENT_TIME, base + 20);
    TimerRecord third = timer(key("g3"), "t", TimerDomain.EVENT_TIME, base + 30);
    TimerRecord processing = timer(key("g4"), "p", TimerDomain.PROCESSING_TIME, base + 5);
    state.commit(commit(key("g1"), 0, List.of(), List.of(first), List.of()));
    state.commit(commit(key("g2"), 0, List.of(), List.of(second), List.of()));
    state.commit(commit(key("g3"), 0, List.of(), List.of(third), List.of()));
    state.commit(commit(key("g4"), 0, List.of(), List.of(processing), List.of()));

    assertThat(timers.dueTimers(TimerDomain.EVENT_TIME, base + 100, 2))
        .containsExactly(first, second);
    assertThat(timers.dueTimers(TimerDomain.EVENT_TIME, base + 10, 100))
        .as("strictly before the clock")
        .isEmpty();
    assertThat(timers.dueTimers(TimerDomain.PROCESSING_TIME, base + 100, 100))
        .containsExactly(processing);
  }

  /**
   * Every page of one pass from the earliest due timer to the last, each checked against the page
   * contract: at most {@code limit} timers, in firing order, none listed by an earlier page (no
   * timer here is set again during the pass).
   */
  private List<List<TimerRecord>> pass(TimerDomain domain, long clock, int limit, String from) {
    List<List<TimerRecord>> pages = new ArrayList<>();
    Set<TimerRecord> listed = new HashSet<>();
    String after = from;
    do {
      assertThat(pages).as("a pass that never ends, now at page %s", after).hasSizeLessThan(100);
      TimerPage page = timers.dueTimers(domain, clock, limit, after);
      assertThat(page.timers()).hasSizeLessThanOrEqualTo(limit);
      assertThat(page.timers()).isSortedAccordingTo(TimerRecord.FIRING_ORDER);
      assertThat(page.timers().stream().filter(listed::contains).toList())
          .as("page %s (after '%s') lists again", pages.size() + 1, after)
          .isEmpty();
      listed.addAll(page.timers());
      pages.add(page.timers());
      after = page.next();
    } while (after != null);
    return pages;
  }

  private List<TimerRecord> ours(List<List<TimerRecord>> pages) {
    return pages.stream().flatMap(List::stream).filter(t -> t.keyId().startsWith(prefix)).toList();
  }

  @Test
  void pagesListEveryDueTimerOnceInDueOrderAlsoWhenManyShareADueTimeAcrossBuckets() {
    long base = Long.MIN_VALUE / 8;
    List<TimerRecord> due = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long fireAt = base + (i < 5 ? 5 : i < 45 ? 10 : 20); // 40 at one time: a flood
      TimerRecord timer = timer(key("p" + i), "t", TimerDomain.EVENT_TIME, fireAt);
      state.commit(commit(timer.keyId(), 0, List.of(), List.of(timer), List.of()));
      due.add(timer);
    }
    TimerRecord notDue = timer(key("n"), "t", TimerDomain.EVENT_TIME, base + 30);
    TimerRecord otherDomain = timer(key("n"), "p", TimerDomain.PROCESSING_TIME, base + 5);
    state.commit(commit(key("n"), 0, List.of(), List.of(notDue, otherDomain), List.of()));

    List<List<TimerRecord>> pages = pass(TimerDomain.EVENT_TIME, base + 30, 7, null);

    List<TimerRecord> listed = ours(pages);
    assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(due);
    assertThat(listed.stream().map(TimerRecord::fireAtMillis).toList()).isSorted();
    assertThat(pages.subList(0, pages.size() - 1)).allSatisfy(p -> assertThat(p).hasSize(7));
    assertThat(pages).as("pages of 50 timers, 7 a page").hasSizeLessThanOrEqualTo(8 + 1);
    assertThat(timers.dueTimers(TimerDomain.EVENT_TIME, base + 30, 7, null).timers())
        .as("a new pass starts over from the earliest")
        .isEqualTo(pages.get(0));
  }

  @Test
  void aPageResumesAfterItsLastTimerEvenOnceThatTimerIsGone() {
    long base = Long.MIN_VALUE / 8 + 1_000_000;
    List<TimerRecord> due = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      TimerRecord timer = timer(key("r" + i), "t", TimerDomain.EVENT_TIME, base + 10);
      state.commit(commit(timer.keyId(), 0, List.of(), List.of(timer), List.of()));
      due.add(timer);
    }
    TimerPage first = timers.dueTimers(TimerDomain.EVENT_TIME, base + 100, 5, null);
    assertThat(first.timers()).hasSize(5);
    TimerRecord lastListed = first.timers().get(4);
    // The last timer listed fires, and a key gets a timer due after every other one.
    state.commit(commit(lastListed.keyId(), 1, List.of(), List.of(), List.of(lastListed)));
    TimerRecord later = timer(key("r-later"), "t", TimerDomain.EVENT_TIME, base + 50);
    state.commit(commit(later.keyId(), 0, List.of(), List.of(later), List.of()));

    List<TimerRecord> rest = ours(pass(TimerDomain.EVENT_TIME, base + 100, 5, first.next()));

    List<TimerRecord> expected = new ArrayList<>(due);
    expected.removeAll(first.timers());
    expected.add(later);
    assertThat(rest).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void processingTimePagesCoverKeysStoredAsItemsAndKeysStoredInline() {
    long base = Long.MIN_VALUE / 8 + 2_000_000;
    String value = "v".repeat(6_000); // two of these are more than a header item holds inline
    List<TimerRecord> due = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String big = key("q-big" + i);
      List<TimerRecord> bigTimers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        bigTimers.add(timer(big, "t" + t, TimerDomain.PROCESSING_TIME, base + 10));
      }
      List<CellMutation> cells =
          List.of(put("/w1/", "ubuffer", "a", value), put("/w2/", "ubuffer", "b", value));
      state.commit(commit(big, 0, cells, bigTimers, List.of()));
      due.addAll(bigTimers);
    }
    for (int i = 0; i < 10; i++) {
      TimerRecord timer = timer(key("q-small" + i), "t", TimerDomain.PROCESSING_TIME, base + 10);
      state.commit(commit(timer.keyId(), 0, List.of(), List.of(timer), List.of()));
      due.add(timer);
    }

    List<TimerRecord> listed = ours(pass(TimerDomain.PROCESSING_TIME, base + 100, 4, null));

    assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(due);
  }

  @Test
  void failedAttemptsAreCountedPerRecordAcrossCalls() {
    String shard = prefix + "shardId-9";

    assertThat(attempts.recordFailure(shard, "100")).isEqualTo(1);
    assertThat(attempts.recordFailure(shard, "100")).isEqualTo(2);
    assertThat(attempts.recordFailure(shard, "101")).as("another record").isEqualTo(1);
    assertThat(attempts.recordFailure(prefix + "shardId-8", "100"))
        .as("another shard")
        .isEqualTo(1);
    assertThat(attempts.recordFailure(shard, "100")).isEqualTo(3);
  }

  @Test
  void resettingATimerReplacesIt() {
    String k = key("f");
    TimerRecord first = timer(k, "t", TimerDomain.EVENT_TIME, Long.MAX_VALUE / 4);
    TimerRecord moved = timer(k, "t", TimerDomain.EVENT_TIME, Long.MAX_VALUE / 4 + 10);
    state.commit(commit(k, 0, List.of(), List.of(first), List.of()));
    state.commit(commit(k, 1, List.of(), List.of(moved), List.of()));

    assertThat(state.readNamespace(k, state.readHeader(k), "/w1/").timers()).containsExactly(moved);
    assertThat(
            timers.dueTimers(TimerDomain.EVENT_TIME, Long.MAX_VALUE / 4 + 11, 1_000).stream()
                .filter(t -> t.keyId().equals(k)))
        .containsExactly(moved);
  }

  @Test
  void shardProgressIsReplacedOnlyIfUnchangedSinceRead() {
    String shard = prefix + "shardId-2";
    ShardRecord first = new ShardRecord(shard, 100, 105, "10", List.of(), false);
    assertThat(shards.replaceShard(Optional.empty(), first)).isTrue();
    // Two lanes read the same record; the first to write wins, the other must read again.
    ShardRecord laneA = new ShardRecord(shard, 100, 110, "30", List.of(), false);
    ShardRecord laneB = new ShardRecord(shard, 100, 107, "20", List.of(), false);
    assertThat(shards.replaceShard(Optional.of(first), laneA)).isTrue();
    assertThat(shards.replaceShard(Optional.of(first), laneB)).isFalse();
    assertThat(shards.replaceShard(Optional.empty(), laneB)).isFalse();
    assertThat(shards.shard(shard)).contains(laneA);
  }

  @Test
  void aShardRecordAnotherWriterWroteIsAChangeThoughAlikeInAllElse() {
    String shard = prefix + "shardId-w";
    ShardRecord mine =
        new ShardRecord(shard, 100, 105, "10", List.of(), false).withWriter("engine-a");
    assertThat(shards.replaceShard(Optional.empty(), mine)).isTrue();
    assertThat(shards.shard(shard)).contains(mine);
    ShardRecord theirs = mine.withWriter("engine-b");
    assertThat(shards.replaceShard(Optional.of(mine), theirs)).isTrue();

    ShardRecord next =
        new ShardRecord(shard, 100, 110, "20", List.of(), false).withWriter("engine-a");
    assertThat(shards.replaceShard(Optional.of(mine), next))
        .as("engine-b wrote since, alike but for its name")
        .isFalse();
    assertThat(shards.shard(shard)).contains(theirs);
  }

  @Test
  void aShardTheTopologyRecordedBeforeAnyRecordIsReplacedConditionallyToo() {
    String shard = prefix + "shardId-1";
    ShardRecord listed =
        new ShardRecord(shard, Long.MIN_VALUE, Long.MIN_VALUE, null, List.of("parent"), false);
    assertThat(shards.replaceShard(Optional.empty(), listed)).isTrue();
    assertThat(shards.shard(shard)).contains(listed);

    ShardRecord closed =
        new ShardRecord(shard, Long.MIN_VALUE, Long.MIN_VALUE, null, List.of("parent"), true);
    ShardRecord progressed = new ShardRecord(shard, 100, 105, "1", List.of("parent"), false);
    assertThat(shards.replaceShard(Optional.of(listed), closed)).isTrue();
    assertThat(shards.replaceShard(Optional.of(listed), progressed))
        .as("the shard was closed since it was read")
        .isFalse();
    assertThat(shards.shard(shard)).contains(closed);
  }

  @Test
  void holdsAndLeasesAreStoredAndAChangeToThemIsAChange() {
    String shard = prefix + "shardId-3";
    ShardRecord held =
        new ShardRecord(
            shard,
            100,
            105,
            "10",
            List.of(),
            false,
            java.util.Map.of("key-1", 90L),
            List.of(new InFlightBatch("11", "19", 95, 1_000), new InFlightBatch("3", "12", 96, 9)));
    assertThat(shards.replaceShard(Optional.empty(), held)).isTrue();
    assertThat(shards.shard(shard)).contains(held);

    ShardRecord leaseReleased = held.withLeases(List.of(held.leases().get(0)));
    ShardRecord leaseOpened =
        held.withLeases(
            List.of(
                held.leases().get(0),
                held.leases().get(1),
                new InFlightBatch("20", "29", 99, 1_001)));
    assertThat(shards.replaceShard(Optional.of(held), leaseReleased)).isTrue();
    assertThat(shards.replaceShard(Optional.of(held), leaseOpened))
        .as("a lane released a lease since it was read")
        .isFalse();
    assertThat(shards.shard(shard)).contains(leaseReleased);
  }

  @Test
  void aVerifiedPrefixIsStoredAndAChangeToItIsAChange() {
    String shard = prefix + "shardId-4";
    ShardRecord read = new ShardRecord(shard, 100, 105, "10", List.of(), false);
    ShardRecord verified = read.withVerified(new VerifiedPrefix("7", 104, 1_000));
    assertThat(shards.replaceShard(Optional.empty(), read)).isTrue();
    assertThat(shards.replaceShard(Optional.of(read), verified)).isTrue();
    assertThat(shards.shard(shard)).contains(verified);

    ShardRecord further = verified.withVerified(new VerifiedPrefix("9", 105, 1_001));
    assertThat(shards.replaceShard(Optional.of(verified), further)).isTrue();
    assertThat(shards.replaceShard(Optional.of(verified), verified.withLeases(List.of())))
        .as("a sweep verified further since it was read")
        .isFalse();
    assertThat(shards.shard(shard)).contains(further);
  }

  @Test
  void aClosedShardsRecordIsRemovedOnlyIfUnchangedSinceRead() {
    String shard = prefix + "shardId-2";
    ShardRecord closed = new ShardRecord(shard, 100, 105, "9", List.of(), true);
    assertThat(shards.replaceShard(Optional.empty(), closed)).isTrue();
    ShardRecord stale = new ShardRecord(shard, 90, 105, "8", List.of(), true);

    assertThat(shards.removeShard(stale)).as("not what is stored").isFalse();
    assertThat(shards.shard(shard)).contains(closed);
    assertThat(shards.removeShard(closed)).isTrue();
    assertThat(shards.shard(shard)).isEmpty();
    assertThat(shards.shards()).extracting(ShardRecord::shardId).doesNotContain(shard);
  }

  @Test
  void aShardRecordAlreadyAsWantedIsStoredAndOneAlreadyGoneIsRemoved() {
    // What a write finds when it is resent after it took effect but its answer was lost.
    String shard = prefix + "shardId-3";
    ShardRecord read = new ShardRecord(shard, 100, 105, "9", List.of(), false);
    ShardRecord next = new ShardRecord(shard, 200, 205, "12", List.of(), true);
    assertThat(shards.replaceShard(Optional.empty(), read)).isTrue();
    assertThat(shards.replaceShard(Optional.of(read), next)).isTrue();

    assertThat(shards.replaceShard(Optional.of(read), next)).as("already stored").isTrue();
    assertThat(shards.replaceShard(Optional.of(read), read)).as("changed since read").isFalse();
    assertThat(shards.shard(shard)).contains(next);
    assertThat(shards.removeShard(next)).isTrue();
    assertThat(shards.removeShard(next)).as("already gone").isTrue();
    assertThat(shards.shard(shard)).isEmpty();
  }

  @Test
  void theGlobalWatermarkOnlyMovesForward() {
    long current = shards.globalWatermark();
    long next = current == Long.MIN_VALUE ? 1_000 : current + 1_000;
    assertThat(shards.advanceGlobalWatermark(next)).isTrue();
    assertThat(shards.advanceGlobalWatermark(next - 1)).isFalse();
    assertThat(shards.advanceGlobalWatermark(next)).as("not later: it did not move").isFalse();
    assertThat(shards.globalWatermark()).isEqualTo(next);
  }
}
