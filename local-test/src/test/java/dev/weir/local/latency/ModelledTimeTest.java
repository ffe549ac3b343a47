package dev.weir.local.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelledTimeTest {
  @Test
  void callsOnAPoolTakeTheSpanOfTheirWorkersEachCallToTheFirstFree() {
    assertThat(ModelledTime.span(List.of(), 16)).isZero();
    assertThat(ModelledTime.span(List.of(7L, 9L, 5L), 16)).isEqualTo(9);
    assertThat(ModelledTime.span(List.of(7L, 9L, 5L), 1)).isEqualTo(21);
    // two workers: 7 and 9 start at once; 5 goes to the first free (at 7), 4 to the next (at 9)
    assertThat(ModelledTime.span(List.of(7L, 9L, 5L, 4L), 2)).isEqualTo(13);
    assertThatThrownBy(() -> ModelledTime.span(List.of(1L), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theOwnersCallsAddUpAndItsChildThreadsCallsRunSideBySide() throws InterruptedException {
    ModelledTime modelled = new ModelledTime(Thread.currentThread());
    modelled.record(4);
    ModelledTime.Mark mark = modelled.mark();
    modelled.record(6);
    Thread pool =
        new Thread(
            () -> {
              modelled.record(7);
              modelled.record(7);
              modelled.record(7);
            });
    pool.start();
    pool.join();
    modelled.record(2);
    // since the mark: 6 + 2 on the owner, then three 7s on two workers: 14
    assertThat(modelled.waitedSinceNanos(mark, 2)).isEqualTo(6 + 2 + 14);
    assertThat(modelled.waitedSinceNanos(modelled.mark(), 2)).isZero();
  }

  @Test
  void callsBeforeAMarkWaitedForAreDroppedAndLaterMarksStillCount() throws InterruptedException {
    ModelledTime modelled = new ModelledTime(Thread.currentThread());
    ModelledTime.Mark first = modelled.mark();
    Thread pool = new Thread(() -> modelled.record(5));
    pool.start();
    pool.join();
    ModelledTime.Mark second = modelled.mark();
    assertThat(modelled.waitedSinceNanos(second, 1)).isZero(); // drops the call before it
    Thread more = new Thread(() -> modelled.record(9));
    more.start();
    more.join();

    assertThat(modelled.waitedSinceNanos(second, 1)).isEqualTo(9);
    assertThatThrownBy(() -> modelled.waitedSinceNanos(first, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
