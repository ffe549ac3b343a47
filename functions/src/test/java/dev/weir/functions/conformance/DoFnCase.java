package dev.weir.functions.conformance;

import dev.weir.functions.examples.batchedrpc.BatchedRpcFn;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.EnrichedEventCoder;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.examples.batchedrpc.EventCoder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * A DoFn under test: how the DirectRunner applies it (a transform) and how Weir runs it (the DoFn
 * itself), with the windowing both use.
 */
public record DoFnCase<OutputT>(
    String name,
    WindowFn<Object, ?> windowFn,
    Duration allowedLateness,
    Coder<OutputT> outputCoder,
    Supplier<DoFn<KV<String, Event>, OutputT>> weirFn,
    Supplier<PTransform<? super PCollection<KV<String, Event>>, PCollection<OutputT>>>
        beamTransform)
    implements Serializable {

  static final KvCoder<String, Event> INPUT_CODER =
      KvCoder.of(StringUtf8Coder.of(), EventCoder.of());

  public static List<DoFnCase<?>> all() {
    return List.of(
        blog(), groupIntoBatches(), slidingCount(), timeout(), collections(), reminderFamily());
  }

  @SuppressWarnings("unchecked")
  private static <O> DoFnCase<O> of(
      String name,
      WindowFn<?, ?> windowFn,
      Duration lateness,
      Coder<O> outputCoder,
      Supplier<DoFn<KV<String, Event>, O>> fn) {
    return new DoFnCase<>(
        name, (WindowFn<Object, ?>) windowFn, lateness, outputCoder, fn, () -> ParDo.of(fn.get()));
  }

  static DoFnCase<EnrichedEvent> blog() {
    return of(
        "blog batched RPC",
        FixedWindows.of(Duration.standardMinutes(1)),
        Duration.standardSeconds(30),
        EnrichedEventCoder.of(),
        () ->
            new BatchedRpcFn(
                3,
                Duration.standardSeconds(1),
                Duration.standardSeconds(30),
                new CountingEnrichment("conformance")));
  }

  static DoFnCase<String> timeout() {
    return of(
        "processing-time timeout",
        FixedWindows.of(Duration.standardMinutes(1)),
        Duration.standardSeconds(10),
        StringUtf8Coder.of(),
        TimeoutFn::new);
  }

  static DoFnCase<KV<String, Integer>> slidingCount() {
    return of(
        "event-time counter in sliding windows",
        SlidingWindows.of(Duration.standardSeconds(30)).every(Duration.standardSeconds(10)),
        Duration.standardSeconds(5),
        KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of()),
        SlidingCountFn::new);
  }

  static DoFnCase<String> collections() {
    return of(
        "map, set, ordered list and combining state",
        FixedWindows.of(Duration.standardSeconds(30)),
        Duration.standardSeconds(10),
        StringUtf8Coder.of(),
        CollectionsFn::new);
  }

  static DoFnCase<String> reminderFamily() {
    return of(
        "timer family, multimap state and window expiration",
        FixedWindows.of(Duration.standardSeconds(20)),
        Duration.standardSeconds(10),
        StringUtf8Coder.of(),
        ReminderFamilyFn::new);
  }

  static DoFnCase<KV<String, Iterable<Event>>> groupIntoBatches() {
    FixedWindows windows = FixedWindows.of(Duration.standardMinutes(1));
    Duration lateness = Duration.standardSeconds(10);
    Supplier<GroupIntoBatches<String, Event>> transform =
        () ->
            GroupIntoBatches.<String, Event>ofSize(3)
                .withMaxBufferingDuration(Duration.millis(2_500));
    return new DoFnCase<>(
        "Beam's GroupIntoBatches",
        castWindowFn(windows),
        lateness,
        KvCoder.of(StringUtf8Coder.of(), IterableCoder.of(EventCoder.of())),
        () -> extractFn(transform.get(), windows, lateness),
        transform::get);
  }

  @SuppressWarnings("unchecked")
  private static WindowFn<Object, ?> castWindowFn(WindowFn<?, ?> windowFn) {
    return (WindowFn<Object, ?>) windowFn;
  }

  /**
   * Beam's GroupIntoBatches keeps its DoFn private; expanding it in a throwaway pipeline and taking
   * the DoFn from the resulting ParDo runs exactly Beam's code on Weir.
   */
  @SuppressWarnings("unchecked")
  private static <O> DoFn<KV<String, Event>, O> extractFn(
      PTransform<? super PCollection<KV<String, Event>>, PCollection<O>> transform,
      WindowFn<Object, ?> windowFn,
      Duration lateness) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline
        .apply(Create.empty(INPUT_CODER))
        .apply(
            Window.<KV<String, Event>>into(windowFn)
                .withAllowedLateness(lateness)
                .discardingFiredPanes())
        .apply(transform);
    List<DoFn<?, ?>> found = new ArrayList<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            if (node.getTransform() instanceof ParDo.MultiOutput<?, ?> parDo
                && parDo.getFn().getClass().getName().contains("GroupIntoBatches")) {
              found.add(parDo.getFn());
            }
          }
        });
    if (found.size() != 1) {
      throw new IllegalStateException("expected one GroupIntoBatches DoFn, found " + found);
    }
    return (DoFn<KV<String, Event>, O>) found.get(0);
  }
}
