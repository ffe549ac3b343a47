package dev.weir.inspect;

import dev.weir.beam.DoFnHost;
import dev.weir.state.KeyIds;
import dev.weir.state.KeyWorkspace;
import dev.weir.store.KeyCatalog;
import dev.weir.store.KeyHeader;
import dev.weir.store.StateStore;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.state.State;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.reflect.DoFnSignature.TimerDeclaration;
import org.apache.beam.sdk.transforms.reflect.DoFnSignature.TimerFamilyDeclaration;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * Reads a pipeline's keys as its DoFn sees them: which keys hold something, and for one key its
 * state per window (decoded by the DoFn's state specs and coders) and its pending timers, all as of
 * one read of the key's header. It writes nothing of its own (a store may finish a large commit a
 * crashed writer left open, as on every read), and a key may move on between two inspections.
 */
public final class KeyInspector<K> {
  private final DoFnHost<K, ?, ?> host;
  private final StateStore state;
  private final KeyCatalog catalog;
  private final KeyIds<K> keyIds;
  private final List<String> stateIds;

  public KeyInspector(DoFnHost<K, ?, ?> host, StateStore state, KeyCatalog catalog) {
    this.host = host;
    this.state = state;
    this.catalog = catalog;
    this.keyIds = new KeyIds<>(host.pipeline().keyCoder());
    DoFn<?, ?> doFn = host.pipeline().doFn();
    this.stateIds =
        List.copyOf(
            new java.util.TreeSet<>(
                DoFnSignatures.getSignature(doFn.getClass()).stateDeclarations().keySet()));
  }

  /** Up to {@code limit} keys that hold state or timers, in the store's order of their ids. */
  public List<K> keys(int limit) {
    return catalog.keyIds(null, limit).stream().map(keyIds::keyOf).toList();
  }

  /** The key an id names (its key coder's bytes, URL-safe base64). */
  public K keyOf(String keyId) {
    return keyIds.keyOf(keyId);
  }

  /** What {@code key} holds now; no windows if it holds nothing. */
  public KeyState<K> inspect(K key) {
    String keyId = keyIds.idOf(key);
    KeyWorkspace workspace = KeyWorkspace.open(state, keyId); // one header read for everything
    KeyHeader header = workspace.header();
    List<WindowState> windows = new ArrayList<>();
    for (BoundedWindow window : host.windowsOf(workspace, catalog.namespaces(keyId, header))) {
      String namespace = host.namespaceOf(window);
      Map<String, Object> values = new LinkedHashMap<>();
      for (String stateId : stateIds) {
        State cell = host.userState(workspace, key, window, stateId);
        StateValues.read(cell).ifPresent(value -> values.put(stateId, value));
      }
      List<PendingTimer> timers =
          workspace.timers(namespace).stream()
              .sorted(TimerRecord.FIRING_ORDER)
              .map(timer -> pending(timer, window))
              .toList();
      if (!values.isEmpty() || !timers.isEmpty()) {
        windows.add(new WindowState(window, values, timers));
      }
    }
    windows.sort(Comparator.comparing((WindowState w) -> w.window().maxTimestamp()));
    return new KeyState<>(key, keyId, header.version(), windows);
  }

  private PendingTimer pending(TimerRecord timer, BoundedWindow window) {
    return new PendingTimer(
        withoutPrefix(timer.key().timerId(), TimerDeclaration.PREFIX),
        withoutPrefix(timer.key().familyId(), TimerFamilyDeclaration.PREFIX),
        timer.domain(),
        window,
        new Instant(timer.fireAtMillis()),
        new Instant(timer.outputAtMillis()),
        host.isWindowCleanup(timer));
  }

  /** Beam files a {@code @TimerId("end")} as {@code ts-end}; users know it as {@code end}. */
  private static String withoutPrefix(String id, String prefix) {
    return id.startsWith(prefix) ? id.substring(prefix.length()) : id;
  }
}
