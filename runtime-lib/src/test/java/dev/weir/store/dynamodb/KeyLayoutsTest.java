package dev.weir.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.store.CellMutation;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Remembered layouts are bounded by the heap their inline states take, not by a key count. */
class KeyLayoutsTest {
  private static final KeyHeader V1 = new KeyHeader(1, Map.of());

  @Test
  void aLayoutIsTheKeysOnlyAtTheSameVersionOfTheSameGeneration() {
    KeyLayouts layouts = new KeyLayouts(100_000);
    KeyHeader first = KeyHeader.NEW.next(Map.of(), Map.of());
    layouts.remember("k", new KeyLayouts.Layout(first, stateOf(10)));

    assertThat(layouts.at("k", first)).isNotNull();
    assertThat(layouts.at("k", first.next(Map.of(), Map.of()))).as("a later version").isNull();
    KeyHeader recreated = KeyHeader.NEW.next(Map.of(), Map.of());
    assertThat(recreated.version()).isEqualTo(first.version());
    assertThat(layouts.at("k", recreated))
        .as("the key committed again after its header expired")
        .isNull();
  }

  @Test
  void inlineStatesAreDroppedBeyondTheBytesGiven() {
    KeyLayouts layouts = new KeyLayouts(100_000);
    for (int i = 0; i < 100; i++) {
      layouts.remember("key-" + i, new KeyLayouts.Layout(V1, stateOf(8_000)));
    }

    assertThat(layouts.heapBytes()).isPositive().isLessThanOrEqualTo(100_000);
    long remembered =
        java.util.stream.IntStream.range(0, 100)
            .filter(i -> layouts.at("key-" + i, V1) != null)
            .count();
    assertThat(remembered).as("about 8 KB each: at most 12 fit").isBetween(1L, 12L);
  }

  @Test
  void aKeySpreadOverItemsWeighsLittle() {
    KeyLayouts layouts = new KeyLayouts(100_000);
    for (int i = 0; i < 1_000; i++) {
      layouts.remember("key-" + i, new KeyLayouts.Layout(V1, null));
    }

    assertThat(layouts.at("key-999", V1)).isNotNull();
    assertThat(layouts.heapBytes()).isEqualTo(64_000);
  }

  private static InlineState stateOf(int bytes) {
    return InlineState.EMPTY.apply(
        new KeyCommit(
            "k",
            0,
            new KeyHeader(1, Map.of()),
            List.of(
                new CellMutation("/", "v", false, false, Map.of("", new byte[bytes]), Set.of())),
            List.of(),
            List.of()));
  }
}
