package dev.weir.engine;

import dev.weir.beam.DoFnHost;
import dev.weir.beam.OutputListener;
import dev.weir.sink.EngineOutput;
import dev.weir.sink.OutputIds;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Instant;

/**
 * Collects one key's outputs and gives each its id ({@link OutputIds}) from pipeline, key, window,
 * cause (the record, or the timer firing together with what armed the timer) and its index within
 * that cause. A replay repeats the same ids; two different outputs never share one.
 */
final class OutputCollector<OutputT> implements OutputListener<OutputT> {
  private final String pipelineName;
  private final DoFnHost<?, ?, OutputT> host;
  private final List<EngineOutput<OutputT>> outputs = new ArrayList<>();
  private String keyId = "";
  private String cause = "bundle";
  private int index;

  OutputCollector(String pipelineName, DoFnHost<?, ?, OutputT> host) {
    this.pipelineName = pipelineName;
    this.host = host;
  }

  /** Outputs from now on belong to {@code keyId}. */
  void startKey(String keyId) {
    this.keyId = keyId;
    outputs.clear();
    cause(OutputIds.KEY_CAUSE);
  }

  /** Outputs from now on belong to no key: the bundle's own, identified by {@code bundleCause}. */
  void startBundle(String bundleCause) {
    startKey("");
    cause(bundleCause);
  }

  /** Outputs from now on are caused by {@code cause} (e.g. a record's shard and sequence). */
  void cause(String cause) {
    this.cause = cause;
    this.index = 0;
  }

  @Override
  public void output(OutputT value, Instant timestamp, BoundedWindow window) {
    outputs.add(new EngineOutput<>(nextId(window), value, timestamp, window, keyId));
  }

  /** Filed with the main outputs, so it is emitted, and replayed, exactly as they are. */
  @Override
  @SuppressWarnings("unchecked") // the value has the tag's type; see EngineOutput#tag
  public void additionalOutput(
      TupleTag<?> tag, Object value, Instant timestamp, BoundedWindow window) {
    outputs.add(new EngineOutput<>(nextId(window), (OutputT) value, timestamp, window, keyId, tag));
  }

  private String nextId(BoundedWindow window) {
    return OutputIds.id(pipelineName, keyId, host.namespaceOf(window), cause, index++);
  }

  List<EngineOutput<OutputT>> drain() {
    List<EngineOutput<OutputT>> drained = List.copyOf(outputs);
    outputs.clear();
    return drained;
  }
}
