package dev.weir.beam;

import org.apache.beam.runners.core.StatefulDoFnRunner;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;

/**
 * Beam's window garbage collection, plus telling the key's workspace that the window expired, so
 * that the store drops everything of it: Beam clears each declared state one by one, which a store
 * may do with a marker over entries it deletes later, and an expired window is never read again.
 */
final class ExpiringStateCleaner implements StatefulDoFnRunner.StateCleaner<BoundedWindow> {
  private final StatefulDoFnRunner.StateCleaner<BoundedWindow> beams;
  private final KeyContext context;
  private final Namespaces namespaces;
  private final MergingWindows mergingWindows;

  /**
   * @param mergingWindows the key's session windows, from which an expired one is removed; null
   *     unless windows merge
   */
  ExpiringStateCleaner(
      StatefulDoFnRunner.StateCleaner<BoundedWindow> beams,
      KeyContext context,
      Namespaces namespaces,
      MergingWindows mergingWindows) {
    this.beams = beams;
    this.context = context;
    this.namespaces = namespaces;
    this.mergingWindows = mergingWindows;
  }

  @Override
  public void clearForWindow(BoundedWindow window) {
    String namespace = namespaces.stringOf(window);
    String cells = context.stateNamespace(namespace); // a merged session's are elsewhere
    beams.clearForWindow(window);
    context.workspace().expire(namespace);
    if (!cells.equals(namespace)) {
      context.workspace().expire(cells);
    }
    if (mergingWindows != null) {
      mergingWindows.remove(context.workspace(), window);
    }
  }
}
