package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.fixtures.CountPerKeyFn;
import dev.weir.fixtures.KeyColonPayload;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.state.KeyIds;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.memory.InMemoryStore;
import dev.weir.timer.KeyTick;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.junit.jupiter.api.Test;

/**
 * Ticked timers stay due until their key's processor fires them (here no processor ever does, as
 * with keys whose timers keep failing), so a sweep must not list the same earliest page again:
 * successive sweeps tick successive pages, and every due key is ticked within as many sweeps as
 * there are pages of due timers.
 */
class TimerTickerPagingTest {
  private static final int PAGE = 4;
  private static final long DUE = 100; // a flood: every window ends at the same time
  private static final long CLOCK = 200;

  private final WeirPipeline<String, String, String> pipeline =
      KeyColonPayload.pipeline("paging", new CountPerKeyFn());
  private final KeyIds<String> keyIds = new KeyIds<>(StringUtf8Coder.of());
  private final InMemoryStore store = new InMemoryStore();
  private final List<KeyTick> sent = new ArrayList<>();
  private final TimerTicker<String> ticker = new TimerTicker<>(pipeline, store, sent::addAll, PAGE);

  /** The sweeps' wall clock: each sweep here comes a re-tick interval after the last. */
  private long now;

  private List<TimerRecord> dueTimersOfKeys(int keys) {
    List<TimerRecord> timers = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      TimerRecord timer =
          new TimerRecord(
              keyIds.idOf("k" + i),
              new TimerKey("/w" + i + "/", "", "end"),
              TimerDomain.EVENT_TIME,
              DUE,
              DUE);
      store.commit(
          new KeyCommit(
              timer.keyId(), 0, new KeyHeader(1, Map.of()), List.of(), List.of(timer), List.of()));
      timers.add(timer);
    }
    return timers;
  }

  /** The keys one sweep ticks. */
  private Set<String> sweep() {
    sent.clear();
    now += TimerTicker.RETICK_AFTER_MILLIS;
    int ticked = ticker.tick(TimerDomain.EVENT_TIME, CLOCK, now);
    Set<String> keys = new HashSet<>();
    sent.forEach(tick -> keys.add(tick.keyId()));
    assertThat(keys).as("keys the sweep says it ticked").hasSize(ticked);
    return keys;
  }

  @Test
  void successiveSweepsTickSuccessivePagesSoThreePagesOfDueKeysAreAllTickedInThreeSweeps() {
    List<TimerRecord> timers = dueTimersOfKeys(3 * PAGE);
    Set<String> allKeys = new HashSet<>();
    timers.forEach(t -> allKeys.add(t.keyId()));

    Set<String> first = sweep();
    Set<String> second = sweep();
    Set<String> third = sweep();

    assertThat(List.of(first, second, third)).allSatisfy(keys -> assertThat(keys).hasSize(PAGE));
    Set<String> ticked = new HashSet<>(first);
    ticked.addAll(second);
    ticked.addAll(third);
    assertThat(ticked).as("keys ticked by three sweeps").isEqualTo(allKeys);
    assertThat(sweep()).as("the fourth sweep starts over from the earliest").isEqualTo(first);
  }

  @Test
  void aSweepFindingNothingAfterWhereTheLastOneStoppedStartsOverFromTheEarliest() {
    List<TimerRecord> timers = dueTimersOfKeys(3 * PAGE);
    Set<String> first = sweep();
    // Every key after the first page fires its timers before the next sweep.
    for (TimerRecord timer : timers) {
      if (!first.contains(timer.keyId())) {
        store.commit(
            new KeyCommit(
                timer.keyId(),
                1,
                new KeyHeader(2, Map.of()),
                List.of(),
                List.of(),
                List.of(timer)));
      }
    }

    assertThat(sweep()).as("keys still due are ticked, not skipped for a sweep").isEqualTo(first);
  }

  @Test
  void aTimerTickedLatelyIsTickedAgainOnlyOnceItsTickHadTimeToArriveUnlessSetAgain() {
    List<TimerRecord> timers = dueTimersOfKeys(2);
    assertThat(ticker.tick(TimerDomain.EVENT_TIME, CLOCK, 1_000)).isEqualTo(2);
    assertThat(ticker.tick(TimerDomain.EVENT_TIME, CLOCK, 6_000)).as("ticked 5 s ago").isZero();

    TimerRecord old = timers.get(0);
    TimerRecord setAgain =
        new TimerRecord(old.keyId(), old.key(), old.domain(), DUE + 10, DUE + 10);
    store.commit(
        new KeyCommit(
            old.keyId(),
            1,
            new KeyHeader(2, Map.of()),
            List.of(),
            List.of(setAgain),
            List.of(old)));
    sent.clear();
    assertThat(ticker.tick(TimerDomain.EVENT_TIME, CLOCK, 11_000))
        .as("a timer set again for another time is another timer")
        .isEqualTo(1);
    assertThat(sent).extracting(KeyTick::keyId).containsExactly(old.keyId());

    sent.clear();
    assertThat(
            ticker.tick(TimerDomain.EVENT_TIME, CLOCK, 1_000 + TimerTicker.RETICK_AFTER_MILLIS + 1))
        .as("the other, still due a re-tick interval on")
        .isEqualTo(1);
    assertThat(sent).extracting(KeyTick::keyId).containsExactly(timers.get(1).keyId());
  }
}
