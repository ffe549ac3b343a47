package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DueHintsTest {
  private final DueHints<String> hints = new DueHints<>();

  @Test
  void aKeyIsDueOnceEitherClockHasPassedItsEarliestTimerAndIsTakenOnce() {
    hints.committed("s", "a", "A", List.of(timer(TimerDomain.PROCESSING_TIME, 100)), 0, 0);
    hints.committed("s", "b", "B", List.of(timer(TimerDomain.EVENT_TIME, 50)), 0, 0);

    assertThat(hints.takeDue("s", 100, 50, Set.of())).isEmpty(); // due strictly after
    assertThat(hints.takeDue("other", 101, 51, Set.of())).isEmpty();
    assertThat(hints.takeDue("s", 101, 0, Set.of())).containsOnlyKeys("a").containsValue("A");
    assertThat(hints.takeDue("s", 101, 51, Set.of("b"))).as("b is in the bundle").isEmpty();
    assertThat(hints.takeDue("s", 101, 51, Set.of())).containsOnlyKeys("b");
    assertThat(hints.size()).isZero();
  }

  @Test
  void aCommitKeepsWhatWasNotYetDueAndAddsWhatItSet() {
    hints.committed("s", "a", "A", List.of(timer(TimerDomain.EVENT_TIME, 500)), 0, 0);
    hints.committed("s", "a", "A", List.of(timer(TimerDomain.PROCESSING_TIME, 300)), 200, 100);

    assertThat(hints.takeDue("s", 301, 0, Set.of())).containsOnlyKeys("a");
    assertThat(hints.takeDue("s", 302, 0, Set.of())).as("its due timer is taken once").isEmpty();
    hints.committed("s", "a", "A", List.of(), 301, 100);
    assertThat(hints.takeDue("s", 301, 501, Set.of()))
        .as("its event-time timer, not due when it was taken, stays")
        .containsOnlyKeys("a");
    assertThat(hints.size()).isZero();

    hints.committed("s", "b", "B", List.of(timer(TimerDomain.EVENT_TIME, 500)), 0, 0);
    hints.committed("s", "b", "B", List.of(), 0, 501);
    assertThat(hints.size()).as("the watermark passed b's timer in its work").isZero();

    hints.committed("s", "c", "C", List.of(timer(TimerDomain.EVENT_TIME, 500)), 0, 0);
    hints.committed("s", "c", "C", List.of(), 0, 400);
    assertThat(hints.takeDue("s", 0, 501, Set.of())).containsOnlyKeys("c");
  }

  @Test
  void aBundleTakesAtMostItsShareAndMemoryIsBounded() {
    for (int i = 0; i < DueHints.MAX_PER_BUNDLE + 5; i++) {
      hints.committed("s", "k" + i, "K", List.of(timer(TimerDomain.PROCESSING_TIME, 1)), 0, 0);
    }
    assertThat(hints.takeDue("s", 2, 0, Set.of())).hasSize(DueHints.MAX_PER_BUNDLE);
    assertThat(hints.takeDue("s", 2, 0, Set.of())).hasSize(5);

    for (int i = 0; i < DueHints.MAX_KEYS + 10; i++) {
      hints.committed("t", "k" + i, "K", List.of(timer(TimerDomain.PROCESSING_TIME, 1)), 0, 0);
    }
    assertThat(hints.size()).isEqualTo(DueHints.MAX_KEYS);
  }

  private static TimerRecord timer(TimerDomain domain, long fireAtMillis) {
    return new TimerRecord("k", new TimerKey("/", "", "t"), domain, fireAtMillis, fireAtMillis, "");
  }
}
