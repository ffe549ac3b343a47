package dev.weir.beam;

import dev.weir.state.KeyWorkspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.runners.core.StateInternals;
import org.apache.beam.runners.core.StateNamespace;
import org.apache.beam.runners.core.StateTag;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.CombiningState;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.MultimapState;
import org.apache.beam.sdk.state.OrderedListState;
import org.apache.beam.sdk.state.SetState;
import org.apache.beam.sdk.state.State;
import org.apache.beam.sdk.state.StateBinder;
import org.apache.beam.sdk.state.StateContext;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.state.WatermarkHoldState;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.CombineWithContext.CombineFnWithContext;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.util.CombineFnUtil;

/**
 * Beam's {@link StateInternals} over the current key's workspace: every state a DoFn or Beam's
 * stateful runner asks for becomes a cell addressed by the namespace's string and the tag's id
 * ({@code u<id>} for user state, {@code s<id>} for Beam's own, so they never collide).
 */
public final class WeirStateInternals implements StateInternals {
  private final KeyContext context;
  private final Namespaces namespaces;
  private final Map<StateTag<?>, String> stateIds = new HashMap<>();

  WeirStateInternals(KeyContext context, Namespaces namespaces) {
    this.context = context;
    this.namespaces = namespaces;
  }

  /**
   * State internals fixed on one workspace, for reading a key's state outside of processing (the
   * test driver) and for running Beam's own state contract tests.
   */
  public static StateInternals over(
      KeyWorkspace workspace, Object key, Coder<? extends BoundedWindow> windowCoder) {
    return over(workspace, key, windowCoder, KeyContext.StateRedirect.NONE);
  }

  /**
   * As {@link #over(KeyWorkspace, Object, Coder)}, with windows' cells where {@code redirect} says.
   */
  static StateInternals over(
      KeyWorkspace workspace,
      Object key,
      Coder<? extends BoundedWindow> windowCoder,
      KeyContext.StateRedirect redirect) {
    KeyContext context = new KeyContext();
    context.enter(
        key, workspace, BoundedWindow.TIMESTAMP_MIN_VALUE, BoundedWindow.TIMESTAMP_MIN_VALUE);
    context.redirectState(redirect);
    return new WeirStateInternals(context, new Namespaces(windowCoder));
  }

  @Override
  public Object getKey() {
    return context.key();
  }

  @Override
  public <T extends State> T state(StateNamespace namespace, StateTag<T> tag, StateContext<?> c) {
    return tag.getSpec()
        .bind(
            tag.getId(),
            new Binder(context.stateNamespace(namespaces.stringOf(namespace)), stateIdOf(tag), c));
  }

  private String stateIdOf(StateTag<?> tag) {
    String id = stateIds.get(tag);
    if (id == null) {
      StringBuilder builder = new StringBuilder();
      try {
        tag.appendTo(builder);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      id = builder.toString();
      stateIds.put(tag, id);
    }
    return id;
  }

  private final class Binder implements StateBinder {
    private final String namespace;
    private final String stateId;
    private final StateContext<?> stateContext;

    Binder(String namespace, String stateId, StateContext<?> stateContext) {
      this.namespace = namespace;
      this.stateId = stateId;
      this.stateContext = stateContext;
    }

    @Override
    public <T> ValueState<T> bindValue(String id, StateSpec<ValueState<T>> spec, Coder<T> coder) {
      return context.cells().value(namespace, stateId, coder);
    }

    @Override
    public <T> BagState<T> bindBag(String id, StateSpec<BagState<T>> spec, Coder<T> coder) {
      return context.cells().bag(namespace, stateId, coder);
    }

    @Override
    public <T> SetState<T> bindSet(String id, StateSpec<SetState<T>> spec, Coder<T> coder) {
      return context.cells().set(namespace, stateId, coder);
    }

    @Override
    public <K, V> MapState<K, V> bindMap(
        String id, StateSpec<MapState<K, V>> spec, Coder<K> keyCoder, Coder<V> valueCoder) {
      return context.cells().map(namespace, stateId, keyCoder, valueCoder);
    }

    @Override
    public <T> OrderedListState<T> bindOrderedList(
        String id, StateSpec<OrderedListState<T>> spec, Coder<T> coder) {
      return context.cells().orderedList(namespace, stateId, coder);
    }

    @Override
    public <K, V> MultimapState<K, V> bindMultimap(
        String id, StateSpec<MultimapState<K, V>> spec, Coder<K> keyCoder, Coder<V> valueCoder) {
      return context.cells().multimap(namespace, stateId, keyCoder, valueCoder);
    }

    @Override
    public <InputT, AccumT, OutputT> CombiningState<InputT, AccumT, OutputT> bindCombining(
        String id,
        StateSpec<CombiningState<InputT, AccumT, OutputT>> spec,
        Coder<AccumT> accumCoder,
        CombineFn<InputT, AccumT, OutputT> combineFn) {
      return context.cells().combining(namespace, stateId, accumCoder, combineFn);
    }

    @Override
    public <InputT, AccumT, OutputT>
        CombiningState<InputT, AccumT, OutputT> bindCombiningWithContext(
            String id,
            StateSpec<CombiningState<InputT, AccumT, OutputT>> spec,
            Coder<AccumT> accumCoder,
            CombineFnWithContext<InputT, AccumT, OutputT> combineFn) {
      return context
          .cells()
          .combining(
              namespace, stateId, accumCoder, CombineFnUtil.bindContext(combineFn, stateContext));
    }

    @Override
    public WatermarkHoldState bindWatermark(
        String id, StateSpec<WatermarkHoldState> spec, TimestampCombiner timestampCombiner) {
      return context.cells().watermarkHold(namespace, stateId, timestampCombiner);
    }
  }
}
