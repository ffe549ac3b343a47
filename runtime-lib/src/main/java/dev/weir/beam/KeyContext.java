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
  private StateRedirect redirect = StateRedirect.NONE;

  /**
   * Where a window's state cells live, if not under the window's own namespace: merged session
   * windows keep theirs under a representative's ({@link MergingWindows}).
   */
  @FunctionalInterface
  interface StateRedirect {
    StateRedirect NONE = (workspace, namespace) -> namespace;

    String stateNamespace(KeyWorkspace workspace, String namespace);
  }

  void redirectState(StateRedirect redirect) {
    this.redirect = redirect;
  }

  /** The namespace the cells of {@code namespace} (a window's) are filed under. */
  String stateNamespace(String namespace) {
    return redirect.stateNamespace(workspace(), namespace);
  }

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
