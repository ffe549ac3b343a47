package dev.weir.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkNoncesTest {
  @Test
  void aReseedDrawsANewSalt() {
    Set<Integer> salts = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      salts.add(ChunkNonces.salt());
      ChunkNonces.reseed();
    }
    assertThat(salts).as("three draws of 32 random bits").hasSize(3);
  }

  @Test
  void noncesFitInTwentyFourBits() {
    for (int i = 0; i < 1_000; i++) {
      assertThat(ChunkNonces.next()).isBetween(0, (1 << 24) - 1);
    }
  }
}
