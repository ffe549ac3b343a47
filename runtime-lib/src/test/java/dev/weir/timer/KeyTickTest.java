package dev.weir.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.fixtures.RawTicks;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tick is a record anyone who can write to the input stream can write: what one tick may make a
 * processor do is bounded, and the producer splits a key's due windows into ticks within the
 * bounds.
 */
class KeyTickTest {
  @Test
  void aTickWithinTheBoundsDecodesAsWritten() {
    List<String> namespaces = RawTicks.windows(KeyTick.MAX_NAMESPACES, 20);

    KeyTick tick = KeyTick.decode(RawTicks.tick("pipe", "a2V5", namespaces), "pk").orElseThrow();

    assertThat(tick.namespaces()).isEqualTo(namespaces);
    assertThat(tick.partitionKey()).isEqualTo("pk");
  }

  @Test
  void aTickNamingMoreWindowsThanOneTickMayIsRefused() {
    byte[] data = RawTicks.tick("pipe", "a2V5", RawTicks.windows(KeyTick.MAX_NAMESPACES + 1, 20));

    assertThatThrownBy(() -> KeyTick.decode(data, "pk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(KeyTick.MAX_NAMESPACES + 1 + " windows")
        .hasMessageContaining("at most " + KeyTick.MAX_NAMESPACES);
  }

  @Test
  void aTickLargerThanOneTickMayBeIsRefused() {
    byte[] data = RawTicks.tick("pipe", "a2V5", RawTicks.windows(20, 20_000));
    assertThat(data.length).isGreaterThan(KeyTick.MAX_ENCODED_BYTES);

    assertThatThrownBy(() -> KeyTick.decode(data, "pk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(data.length + " bytes")
        .hasMessageContaining("at most " + KeyTick.MAX_ENCODED_BYTES);
  }

  @Test
  void aKeysDueWindowsBeyondOneTicksCountAreSplitIntoTicksWithinTheBounds() {
    List<String> namespaces = RawTicks.windows(KeyTick.MAX_NAMESPACES * 2 + 1, 20);

    List<KeyTick> ticks =
        KeyTick.covering("pipe", "a2V5", namespaces, "pk", TimerDomain.PROCESSING_TIME, 9);

    assertThat(ticks.size()).isEqualTo(3);
    assertWithinBounds(ticks);
    assertThat(ticks.stream().flatMap(t -> t.namespaces().stream())).isEqualTo(namespaces);
    assertThat(ticks)
        .allSatisfy(
            tick -> {
              assertThat(tick.keyId()).isEqualTo("a2V5");
              assertThat(tick.partitionKey()).isEqualTo("pk");
              assertThat(tick.domain()).isEqualTo(TimerDomain.PROCESSING_TIME);
              assertThat(tick.clockMillis()).isEqualTo(9);
            });
  }

  @Test
  void aKeysDueWindowsBeyondOneTicksSizeAreSplitIntoTicksWithinTheBounds() {
    List<String> namespaces = RawTicks.windows(30, 20_000); // 600 KB of windows

    List<KeyTick> ticks =
        KeyTick.covering("pipe", "a2V5", namespaces, "pk", TimerDomain.EVENT_TIME, 9);

    assertThat(ticks.size()).isGreaterThan(1);
    assertWithinBounds(ticks);
    assertThat(ticks.stream().flatMap(t -> t.namespaces().stream())).isEqualTo(namespaces);
  }

  @Test
  void theLargestTickNamingOneWindowIsWithinTheBounds() {
    String longest = "x".repeat(65_535);

    List<KeyTick> ticks =
        KeyTick.covering(longest, longest, List.of(longest), "pk", TimerDomain.EVENT_TIME, 9);

    assertThat(ticks).singleElement();
    assertWithinBounds(ticks);
  }

  @Test
  void noTickIsMadeBeyondTheBounds() {
    assertThatThrownBy(
            () ->
                new KeyTick(
                    "pipe",
                    "a2V5",
                    RawTicks.windows(KeyTick.MAX_NAMESPACES + 1, 20),
                    "pk",
                    TimerDomain.EVENT_TIME,
                    9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new KeyTick(
                        "pipe",
                        "a2V5",
                        RawTicks.windows(20, 20_000),
                        "pk",
                        TimerDomain.EVENT_TIME,
                        9)
                    .encode())
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertWithinBounds(List<KeyTick> ticks) {
    for (KeyTick tick : ticks) {
      byte[] data = tick.encode();
      assertThat(tick.namespaces()).hasSizeLessThanOrEqualTo(KeyTick.MAX_NAMESPACES);
      assertThat(data.length).isLessThanOrEqualTo(KeyTick.MAX_ENCODED_BYTES);
      assertThat(KeyTick.decode(data, "pk")).contains(tick);
    }
  }
}
