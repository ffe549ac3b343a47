package dev.weir.beam;

import dev.weir.state.KeyWorkspace;
import dev.weir.state.StateCells;
import org.joda.time.Instant;

/**
 * The key being processed. Beam's runners never pass the key to state or timer calls and its
 * stateful runner captures one {@code StateInternals} for good, so the internals read the key from
 * here, and the engine switches it before each key's work.
 */
final class KeyContext {
  private Object key;
  private KeyWorkspace workspace;
  private final StateCells cells = new StateCells(this::workspace);
  private Instant processingTime;
  private Instant inputWatermark;

  void enter(Object key, KeyWorkspace workspace, Instant processingTime, Instant inputWatermark) {
    this.key = key;
    this.workspace = workspace;
    this.processingTime = processingTime;
    this.inputWatermark = inputWatermark;
  }

  void exit() {
    key = null;
    workspace = null;
  }

  void advance(Instant processingTime, Instant inputWatermark) {
    this.processingTime = processingTime;
    this.inputWatermark = inputWatermark;
  }

  Object key() {
    return key;
  }

  KeyWorkspace workspace() {
    if (workspace == null) {
      throw new IllegalStateException("state or timers used outside of a key's processing");
    }
    return workspace;
  }

  StateCells cells() {
    return cells;
  }

  Instant processingTime() {
    return processingTime;
  }

  Instant inputWatermark() {
    return inputWatermark;
  }
}
