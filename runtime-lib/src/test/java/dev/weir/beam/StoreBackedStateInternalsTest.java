package dev.weir.beam;

import dev.weir.state.KeyWorkspace;
import dev.weir.store.StateStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.runners.core.StateInternals;
import org.apache.beam.runners.core.StateInternalsTest;
import org.apache.beam.runners.core.StateNamespace;
import org.apache.beam.runners.core.StateTag;
import org.apache.beam.sdk.state.State;
import org.apache.beam.sdk.state.StateContext;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;

/**
 * Beam's own {@link StateInternalsTest} against Weir's state internals over a real store. Every
 * write is committed at once and the key reopened from the store, so each read goes through the
 * store's encoding, not just the write-back cache. Subclass it with a store to check that store.
 */
public abstract class StoreBackedStateInternalsTest extends StateInternalsTest {
  private static final AtomicInteger KEYS = new AtomicInteger();
  private static final Set<String> MUTATORS =
      Set.of(
          "add",
          "write",
          "clear",
          "put",
          "remove",
          "addIfAbsent",
          "computeIfAbsent",
          "putIfAbsent",
          "addAccum",
          "clearRange");

  /** A fresh store, or one shared by tests: every test uses its own key. */
  protected abstract StateStore createStore();

  @Override
  protected StateInternals createStateInternals() {
    StateStore store = createStore();
    String keyId = "state-internals-test-" + KEYS.incrementAndGet();
    KeyContext context = new KeyContext();
    Runnable reopen =
        () ->
            context.enter(
                keyId,
                KeyWorkspace.open(store, keyId),
                BoundedWindow.TIMESTAMP_MIN_VALUE,
                BoundedWindow.TIMESTAMP_MIN_VALUE);
    reopen.run();
    WeirStateInternals internals =
        new WeirStateInternals(context, new Namespaces(GlobalWindow.Coder.INSTANCE));
    Map<Object, Object> proxies = new HashMap<>();
    return new StateInternals() {
      @Override
      public Object getKey() {
        return internals.getKey();
      }

      @Override
      @SuppressWarnings("unchecked")
      public <T extends State> T state(
          StateNamespace namespace, StateTag<T> address, StateContext<?> c) {
        T state = internals.state(namespace, address, c);
        return (T) proxies.computeIfAbsent(state, s -> committingEachWrite(s, context, reopen));
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <T> T committingEachWrite(T state, KeyContext context, Runnable reopen) {
    return (T)
        Proxy.newProxyInstance(
            state.getClass().getClassLoader(),
            state.getClass().getInterfaces(),
            (proxy, method, args) -> {
              if (method.getName().equals("equals")
                  && args[0] != null
                  && Proxy.isProxyClass(args[0].getClass())) {
                return proxy == args[0];
              }
              Object result;
              try {
                result = method.invoke(state, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (MUTATORS.contains(method.getName())) {
                context.workspace().commit();
                reopen.run();
              }
              return result;
            });
  }
}
