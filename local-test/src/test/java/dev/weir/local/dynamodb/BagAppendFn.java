package dev.weir.local.dynamodb;

import dev.weir.functions.examples.batchedrpc.Event;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/** Appends every event's payload to one bag per key and window, and never reads it. */
class BagAppendFn extends DoFn<KV<String, Event>, String> {
  @StateId("payloads")
  private final StateSpec<BagState<String>> payloadsSpec = StateSpecs.bag(StringUtf8Coder.of());

  @ProcessElement
  public void process(
      @Element KV<String, Event> element, @StateId("payloads") BagState<String> payloads) {
    payloads.add(element.getValue().payload());
  }
}
