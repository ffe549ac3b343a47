package dev.weir.beam;

import dev.weir.state.KeyWorkspace;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.beam.runners.core.StateMerging;
import org.apache.beam.runners.core.StateNamespaces;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.CombiningState;
import org.apache.beam.sdk.state.OrderedListState;
import org.apache.beam.sdk.state.SetState;
import org.apache.beam.sdk.state.State;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.TimestampedValue;

/**
 * A key's session (merging) windows, for a stateful DoFn: the windows it has state or timers in,
 * kept in one cell of the key, and what happens when an element's window merges some of them.
 *
 * <p>When windows merge, the state of each merged-away window is merged into the merged window
 * (bags and ordered lists concatenated, sets united, combining state through the combine fn's
 * {@code mergeAccumulators}) and cleared; the types that cannot merge are refused when the pipeline
 * is built. Their timers follow the merged window: Beam's garbage-collection timer is dropped (the
 * element that caused the merge sets the merged window's), an event-time timer set at its window's
 * end moves to the merged window's end (with its output timestamp, if that was the window's end
 * too), and any other timer keeps its time; where several windows hold a timer of the same id, the
 * merged window keeps the earliest, so no pending firing is lost or delayed.
 */
final class MergingWindows {
  /** Where the key's active windows are kept: Beam's global namespace, which names no window. */
  static final String NAMESPACE = StateNamespaces.global().stringKey();

  static final String STATE_ID = "weir-merging-windows";

  private final WindowFn<Object, BoundedWindow> windowFn;
  private final Coder<List<BoundedWindow>> coder;
  private final Namespaces namespaces;
  private final List<String> stateIds;

  @SuppressWarnings("unchecked")
  MergingWindows(WindowFn<?, ?> windowFn, Namespaces namespaces, Collection<String> stateIds) {
    this.windowFn = (WindowFn<Object, BoundedWindow>) windowFn;
    this.coder = ListCoder.of((Coder<BoundedWindow>) windowFn.windowCoder());
    this.namespaces = namespaces;
    this.stateIds = List.copyOf(new TreeSet<>(stateIds));
  }

  /**
   * Adds {@code window} (an element's own) to the key's windows, merges what it overlaps, and
   * returns the window the element belongs to now.
   *
   * @param stateOf the DoFn's state {@code stateId} of the key in a window
   * @param isWindowCleanup tells Beam's garbage-collection timer from the DoFn's own
   */
  BoundedWindow add(
      KeyWorkspace workspace,
      BoundedWindow window,
      BiFunction<BoundedWindow, String, State> stateOf,
      Predicate<TimerRecord> isWindowCleanup) {
    List<BoundedWindow> active = read(workspace);
    if (active.contains(window)) {
      return window;
    }
    List<BoundedWindow> candidates = new ArrayList<>(active);
    candidates.add(window);
    List<Merge> merges = merges(candidates);
    BoundedWindow result = window;
    List<BoundedWindow> after = new ArrayList<>(candidates);
    for (Merge merge : merges) {
      for (BoundedWindow source : merge.sources()) {
        if (!source.equals(merge.result())) {
          mergeState(source, merge.result(), stateOf);
          moveTimers(workspace, source, merge.result(), isWindowCleanup);
          workspace.expire(namespaces.stringOf(source));
        }
      }
      after.removeAll(merge.sources());
      after.add(merge.result());
      if (merge.sources().contains(window)) {
        result = merge.result();
      }
    }
    write(workspace, after);
    return result;
  }

  /** The window expired and its state was collected: it is no longer one of the key's. */
  void remove(KeyWorkspace workspace, BoundedWindow window) {
    List<BoundedWindow> active = read(workspace);
    if (active.remove(window)) {
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

  @SuppressWarnings({"unchecked", "rawtypes"}) // each pair of cells is of one spec, hence one type
  private void mergeState(
      BoundedWindow source,
      BoundedWindow result,
      BiFunction<BoundedWindow, String, State> stateOf) {
    for (String stateId : stateIds) {
      State from = stateOf.apply(source, stateId);
      State into = stateOf.apply(result, stateId);
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

  private List<BoundedWindow> read(KeyWorkspace workspace) {
    byte[] bytes = workspace.readValue(NAMESPACE, STATE_ID);
    if (bytes == null) {
      return new ArrayList<>();
    }
    try {
      return new ArrayList<>(CoderUtils.decodeFromByteArray(coder, bytes));
    } catch (Exception e) {
      throw new IllegalStateException("the key's session windows cannot be read", e);
    }
  }

  private void write(KeyWorkspace workspace, List<BoundedWindow> active) {
    if (active.isEmpty()) {
      workspace.clear(NAMESPACE, STATE_ID);
      return;
    }
    try {
      workspace.writeValue(NAMESPACE, STATE_ID, CoderUtils.encodeToByteArray(coder, active));
    } catch (Exception e) {
      throw new IllegalStateException("the key's session windows cannot be written", e);
    }
  }
}
