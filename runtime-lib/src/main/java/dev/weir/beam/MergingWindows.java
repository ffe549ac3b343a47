package dev.weir.beam;

import dev.weir.state.KeyWorkspace;
import dev.weir.store.KeyLimitException;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.beam.runners.core.StateMerging;
import org.apache.beam.runners.core.StateNamespaces;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.CombiningState;
import org.apache.beam.sdk.state.OrderedListState;
import org.apache.beam.sdk.state.SetState;
import org.apache.beam.sdk.state.State;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;

/**
 * A key's session (merging) windows, for a stateful DoFn: which windows it has, each with the
 * namespace its state cells live under (its representative), kept in one cell of the key; and what
 * happens when an element's window merges some of them.
 *
 * <p>State. A merged window takes the representative of the merged window that starts earliest, so
 * that window's cells stay where they are; only the other merged windows' cells are merged into it
 * (bags and ordered lists appended, sets united, combining state through the combine fn's {@code
 * mergeAccumulators}) and then dropped. The types that cannot merge are refused when the pipeline
 * is built. A window's cells are read and written through its representative ({@link
 * #stateNamespace}); its timers stay under the window's own namespace.
 *
 * <p>Timers. They follow the merged window: Beam's garbage-collection timer is dropped (the element
 * that caused the merge sets the merged window's), an event-time timer set at its window's end
 * moves to the merged window's end (with its output timestamp, if that was the window's end too),
 * and any other timer keeps its time; where several windows hold a timer of the same id, the merged
 * window keeps the earliest, so no pending firing is lost or delayed.
 */
final class MergingWindows implements KeyContext.StateRedirect {
  /** Where the key's windows are kept: Beam's global namespace, which names no window. */
  static final String NAMESPACE = StateNamespaces.global().stringKey();

  static final String STATE_ID = "weir-merging-windows";

  /**
   * The most live sessions a key may have. They are one value (a session entry, an interval window
   * and its representative's namespace, encodes to 29 bytes: 29 KB at the limit, far below the 350
   * KB a value holds, also for windows that encode several times larger), which every commit that
   * opens, merges or collects a session rewrites whole: unbounded, the value would outgrow its
   * item's 400 KB, and each rewrite costs a write unit per KB.
   */
  static final int MAX_LIVE_SESSIONS = 1_000;

  private final WindowFn<Object, BoundedWindow> windowFn;
  private final Coder<List<KV<BoundedWindow, String>>> coder;
  private final Namespaces namespaces;
  private final List<String> stateIds;
  private KeyWorkspace cachedFor;
  private Map<BoundedWindow, String> cached;

  @SuppressWarnings("unchecked")
  MergingWindows(WindowFn<?, ?> windowFn, Namespaces namespaces, Collection<String> stateIds) {
    this.windowFn = (WindowFn<Object, BoundedWindow>) windowFn;
    this.coder =
        ListCoder.of(
            KvCoder.of((Coder<BoundedWindow>) windowFn.windowCoder(), StringUtf8Coder.of()));
    this.namespaces = namespaces;
    this.stateIds = List.copyOf(new TreeSet<>(stateIds));
  }

  /** The namespace the cells of the window {@code namespace} names live under. */
  @Override
  public String stateNamespace(KeyWorkspace workspace, String namespace) {
    if (NAMESPACE.equals(namespace)) {
      return namespace;
    }
    String representative = read(workspace).get(namespaces.windowOf(namespace));
    return representative == null ? namespace : representative;
  }

  /**
   * Adds {@code window} (an element's own) to the key's windows, merges what it overlaps, and
   * returns the window the element belongs to now.
   *
   * @param cellOf the DoFn's state {@code stateId} of the key under a namespace
   * @param isWindowCleanup tells Beam's garbage-collection timer from the DoFn's own
   */
  BoundedWindow add(
      KeyWorkspace workspace,
      BoundedWindow window,
      BiFunction<String, String, State> cellOf,
      Predicate<TimerRecord> isWindowCleanup) {
    Map<BoundedWindow, String> before = read(workspace);
    if (before.containsKey(window)) {
      return window;
    }
    Map<BoundedWindow, String> active = new LinkedHashMap<>(before);
    List<BoundedWindow> candidates = new ArrayList<>(active.keySet());
    candidates.add(window);
    active.put(window, namespaces.stringOf(window));
    BoundedWindow result = window;
    for (Merge merge : merges(candidates)) {
      // The earliest of the windows that hold cells keeps them; the element's own holds none yet.
      List<BoundedWindow> holding = merge.sources().stream().filter(before::containsKey).toList();
      BoundedWindow owner = earliest(holding.isEmpty() ? merge.sources() : holding);
      String representative = active.get(owner);
      Set<String> dropped = new LinkedHashSet<>();
      for (BoundedWindow source : merge.sources()) {
        String cells = active.get(source);
        if (!cells.equals(representative)) {
          mergeState(cells, representative, cellOf);
          dropped.add(cells);
        }
        if (!source.equals(merge.result())) {
          moveTimers(workspace, source, merge.result(), isWindowCleanup);
          dropped.add(namespaces.stringOf(source));
        }
      }
      dropped.remove(representative);
      dropped.remove(namespaces.stringOf(merge.result()));
      dropped.forEach(workspace::expire);
      merge.sources().forEach(active::remove);
      active.put(merge.result(), representative);
      if (merge.sources().contains(window)) {
        result = merge.result();
      }
    }
    if (active.size() > MAX_LIVE_SESSIONS && active.size() > before.size()) {
      throw new KeyLimitException(
          KeyLimitException.Limit.TOO_MANY_SESSIONS,
          String.format(
              "the element's session %s would be its key's %,d-th: a key may have at most %,d live"
                  + " sessions (they are kept in one value, rewritten whenever they change)",
              result, active.size(), MAX_LIVE_SESSIONS));
    }
    write(workspace, active);
    return result;
  }

  /** The key's windows. */
  List<BoundedWindow> windows(KeyWorkspace workspace) {
    return List.copyOf(read(workspace).keySet());
  }

  /** The window expired and its state was collected: it is no longer one of the key's. */
  void remove(KeyWorkspace workspace, BoundedWindow window) {
    Map<BoundedWindow, String> active = new LinkedHashMap<>(read(workspace));
    if (active.remove(window) != null) {
      write(workspace, active);
    }
  }

  private record Merge(Collection<BoundedWindow> sources, BoundedWindow result) {}

  private List<Merge> merges(List<BoundedWindow> candidates) {
    List<Merge> merges = new ArrayList<>();
    try {
      windowFn.mergeWindows(
          windowFn.new MergeContext() {
            @Override
            public Collection<BoundedWindow> windows() {
              return candidates;
            }

            @Override
            public void merge(Collection<BoundedWindow> toBeMerged, BoundedWindow mergeResult) {
              merges.add(new Merge(List.copyOf(toBeMerged), mergeResult));
            }
          });
    } catch (Exception e) {
      throw new IllegalStateException("cannot merge windows " + candidates, e);
    }
    return merges;
  }

  /** The window that starts first (ends first on a tie): its cells stay, the others' move. */
  private static BoundedWindow earliest(Collection<BoundedWindow> windows) {
    BoundedWindow earliest = null;
    for (BoundedWindow window : windows) {
      if (earliest == null || isBefore(window, earliest)) {
        earliest = window;
      }
    }
    return earliest;
  }

  private static boolean isBefore(BoundedWindow a, BoundedWindow b) {
    if (a instanceof org.apache.beam.sdk.transforms.windowing.IntervalWindow ia
        && b instanceof org.apache.beam.sdk.transforms.windowing.IntervalWindow ib) {
      int byStart = ia.start().compareTo(ib.start());
      return byStart != 0 ? byStart < 0 : ia.end().isBefore(ib.end());
    }
    return a.maxTimestamp().isBefore(b.maxTimestamp());
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // each pair of cells is of one spec, hence one type
  private void mergeState(String source, String target, BiFunction<String, String, State> cellOf) {
    for (String stateId : stateIds) {
      State from = cellOf.apply(source, stateId);
      State into = cellOf.apply(target, stateId);
      if (from instanceof CombiningState combining) {
        StateMerging.mergeCombiningValues(List.of(combining), (CombiningState) into);
      } else if (from instanceof SetState set) {
        StateMerging.mergeSets(List.of(set), (SetState) into);
      } else if (from instanceof BagState bag) {
        StateMerging.mergeBags(List.of(bag), (BagState) into);
      } else if (from instanceof OrderedListState ordered) {
        for (Object element : (Iterable<TimestampedValue<?>>) ordered.read()) {
          ((OrderedListState) into).add((TimestampedValue<?>) element);
        }
        ordered.clear();
      } else {
        // WeirPipeline refuses other types on merging windows; reaching here is a bug.
        throw new IllegalStateException(
            "state " + stateId + " (" + from.getClass().getSimpleName() + ") cannot merge");
      }
    }
  }

  private void moveTimers(
      KeyWorkspace workspace,
      BoundedWindow source,
      BoundedWindow result,
      Predicate<TimerRecord> isWindowCleanup) {
    String resultNamespace = namespaces.stringOf(result);
    long sourceEnd = source.maxTimestamp().getMillis();
    long resultEnd = result.maxTimestamp().getMillis();
    for (TimerRecord timer : workspace.timers(namespaces.stringOf(source))) {
      workspace.deleteTimer(timer.key());
      if (isWindowCleanup.test(timer)) {
        continue;
      }
      boolean atEnd = timer.domain() == TimerDomain.EVENT_TIME && timer.fireAtMillis() == sourceEnd;
      long fireAt = atEnd ? resultEnd : timer.fireAtMillis();
      long outputAt = timer.outputAtMillis() == sourceEnd ? resultEnd : timer.outputAtMillis();
      if (timer.domain() == TimerDomain.EVENT_TIME) {
        outputAt = Math.min(outputAt, fireAt); // Beam's rule: never after the firing
      }
      TimerKey key = new TimerKey(resultNamespace, timer.key().familyId(), timer.key().timerId());
      Optional<TimerRecord> there = workspace.timer(key);
      if (there.isPresent() && there.get().fireAtMillis() <= fireAt) {
        continue; // the merged window's own setting fires no later
      }
      workspace.setTimer(
          new TimerRecord(timer.keyId(), key, timer.domain(), fireAt, outputAt, timer.armedBy()));
    }
  }

  /** The key's windows and their representatives, decoded once per workspace. */
  private Map<BoundedWindow, String> read(KeyWorkspace workspace) {
    if (workspace == cachedFor) {
      return cached;
    }
    Map<BoundedWindow, String> active = new LinkedHashMap<>();
    byte[] bytes = workspace.readValue(NAMESPACE, STATE_ID);
    if (bytes != null) {
      try {
        for (KV<BoundedWindow, String> entry : CoderUtils.decodeFromByteArray(coder, bytes)) {
          active.put(entry.getKey(), entry.getValue());
        }
      } catch (Exception e) {
        throw new IllegalStateException("the key's session windows cannot be read", e);
      }
    }
    cachedFor = workspace;
    cached = active;
    return active;
  }

  private void write(KeyWorkspace workspace, Map<BoundedWindow, String> active) {
    cachedFor = workspace;
    cached = new LinkedHashMap<>(active);
    if (active.isEmpty()) {
      workspace.clear(NAMESPACE, STATE_ID);
      return;
    }
    List<KV<BoundedWindow, String>> entries = new ArrayList<>();
    active.forEach((window, cells) -> entries.add(KV.of(window, cells)));
    try {
      workspace.writeValue(NAMESPACE, STATE_ID, CoderUtils.encodeToByteArray(coder, entries));
    } catch (Exception e) {
      throw new IllegalStateException("the key's session windows cannot be written", e);
    }
  }
}
