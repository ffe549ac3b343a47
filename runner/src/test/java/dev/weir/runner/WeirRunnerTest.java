package dev.weir.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Ordinary Beam pipelines on WeirRunner, checked with Beam's own {@code PAssert}: element-wise
 * transforms, windows and grouping, a failed assertion failing the run, and {@code --runner} naming
 * the runner.
 */
class WeirRunnerTest {
  // Static: an anonymous tag made in a test method would capture the test, which the runner
  // cannot serialize with the DoFn (a distributed runner could not either).
  private static final TupleTag<Integer> EVENS = new TupleTag<>() {};
  private static final TupleTag<String> ODDS = new TupleTag<>() {};

  private static Pipeline pipeline() {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(WeirRunner.class);
    return Pipeline.create(options);
  }

  /**
   * a: 1 and 2 in the first minute, 4 in the second; b: 5 in the first; fixed one-minute windows.
   */
  private static PCollection<KV<String, Integer>> perMinute(Pipeline p, Instant start) {
    return p.apply(
            Create.timestamped(
                TimestampedValue.of(KV.of("a", 1), start),
                TimestampedValue.of(KV.of("a", 2), start.plus(Duration.standardSeconds(30))),
                TimestampedValue.of(KV.of("b", 5), start.plus(Duration.standardSeconds(10))),
                TimestampedValue.of(KV.of("a", 4), start.plus(Duration.standardSeconds(70)))))
        .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))));
  }

  @Test
  void theRunnerIsFoundByItsName() {
    PipelineOptions options = PipelineOptionsFactory.fromArgs("--runner=WeirRunner").create();

    assertThat(options.getRunner()).isEqualTo(WeirRunner.class);
  }

  @Test
  void elementWiseTransformsRunAndPassTheirAssertions() {
    Pipeline p = pipeline();
    PCollection<Integer> doubled =
        p.apply(Create.of(1, 2, 3))
            .apply(MapElements.into(TypeDescriptors.integers()).via((Integer x) -> x * 2));
    PAssert.that(doubled).containsInAnyOrder(2, 4, 6);
    PAssert.thatSingleton(p.apply("one", Create.of(7))).isEqualTo(7);

    assertThat(p.run().getState()).isEqualTo(org.apache.beam.sdk.PipelineResult.State.DONE);
  }

  @Test
  void aFailedAssertionFailsTheRunWithItsAssertionError() {
    Pipeline p = pipeline();
    PAssert.that(p.apply(Create.of(1, 2, 3))).containsInAnyOrder(1, 2);

    assertThatThrownBy(p::run)
        .isInstanceOf(Pipeline.PipelineExecutionException.class)
        .hasCauseInstanceOf(AssertionError.class);
  }

  @Test
  void valuesAreGroupedPerKeyAndWindow() {
    Pipeline p = pipeline();
    Instant start = new Instant(0);
    PCollection<KV<String, Integer>> sums = perMinute(p, start).apply(Sum.integersPerKey());
    IntervalWindow first = new IntervalWindow(start, Duration.standardMinutes(1));
    IntervalWindow second = new IntervalWindow(first.end(), Duration.standardMinutes(1));
    PAssert.that(sums).inWindow(first).containsInAnyOrder(KV.of("a", 3), KV.of("b", 5));
    PAssert.that(sums).inOnTimePane(second).containsInAnyOrder(KV.of("a", 4));

    p.run();
  }

  @Test
  void flattenReadsEveryInput() {
    Pipeline p = pipeline();
    PCollection<String> left = p.apply("left", Create.of("x", "y"));
    PCollection<String> right = p.apply("right", Create.of("x"));
    PCollection<KV<String, Long>> counts =
        PCollectionList.of(left).and(right).apply(Flatten.pCollections()).apply(Count.perElement());
    PAssert.that(counts).containsInAnyOrder(KV.of("x", 2L), KV.of("y", 1L));

    p.run();
  }

  @Test
  void additionalOutputsReachTheirOwnCollections() {
    Pipeline p = pipeline();
    PCollectionTuple split =
        p.apply(Create.of(1, 2, 3, 4))
            .apply(ParDo.of(new SplitFn(EVENS, ODDS)).withOutputTags(EVENS, TupleTagList.of(ODDS)));
    PAssert.that(split.get(EVENS)).containsInAnyOrder(2, 4);
    PAssert.that(split.get(ODDS)).containsInAnyOrder("odd 1", "odd 3");

    p.run();
  }

  @Test
  void aSideInputIsReadOnceItsWindowIsComplete() {
    Pipeline p = pipeline();
    PCollectionView<Integer> total =
        p.apply("numbers", Create.of(1, 2, 3)).apply(Sum.integersGlobally().asSingletonView());
    PCollection<Integer> shifted =
        p.apply("offsets", Create.of(10, 20))
            .apply("AddTotal", ParDo.of(new AddSideInputFn(total)).withSideInputs(total));
    PAssert.that(shifted).containsInAnyOrder(16, 26);

    p.run();
  }

  @Test
  void aStatefulParDoRunsOnWeirsEngineWithItsStateAndTimersPerKeyAndWindow() {
    Pipeline p = pipeline();
    Instant start = new Instant(0);
    PCollection<KV<String, Integer>> sums =
        perMinute(p, start).apply("SumAtWindowEnd", ParDo.of(new SumAtWindowEndFn()));
    IntervalWindow first = new IntervalWindow(start, Duration.standardMinutes(1));
    IntervalWindow second = new IntervalWindow(first.end(), Duration.standardMinutes(1));
    PAssert.that(sums).inWindow(first).containsInAnyOrder(KV.of("a", 3), KV.of("b", 5));
    PAssert.that(sums).inWindow(second).containsInAnyOrder(KV.of("a", 4));

    p.run();
  }

  /** Adds the side input's value to each element. */
  private static final class AddSideInputFn extends DoFn<Integer, Integer> {
    private final PCollectionView<Integer> total;

    AddSideInputFn(PCollectionView<Integer> total) {
      this.total = total;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      context.output(context.element() + context.sideInput(total));
    }
  }

  /** Even numbers to the main output, odd ones, as text, to another. */
  private static final class SplitFn extends DoFn<Integer, Integer> {
    private final TupleTag<Integer> evens;
    private final TupleTag<String> odds;

    SplitFn(TupleTag<Integer> evens, TupleTag<String> odds) {
      this.evens = evens;
      this.odds = odds;
    }

    @ProcessElement
    public void process(@Element Integer x, MultiOutputReceiver out) {
      if (x % 2 == 0) {
        out.get(evens).output(x);
      } else {
        out.get(odds).output("odd " + x);
      }
    }
  }

  /** Sums each key's values per window and outputs the sum when the window ends. */
  private static final class SumAtWindowEndFn
      extends DoFn<KV<String, Integer>, KV<String, Integer>> {
    @StateId("sum")
    private final StateSpec<ValueState<Integer>> sum = StateSpecs.value();

    @TimerId("end")
    private final TimerSpec end = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(
        @Element KV<String, Integer> element,
        BoundedWindow window,
        @StateId("sum") ValueState<Integer> sum,
        @TimerId("end") Timer end) {
      Integer before = sum.read();
      sum.write((before == null ? 0 : before) + element.getValue());
      end.set(window.maxTimestamp());
    }

    @OnTimer("end")
    public void onEnd(
        @Key String key,
        @StateId("sum") ValueState<Integer> sum,
        OutputReceiver<KV<String, Integer>> out) {
      out.output(KV.of(key, sum.read()));
    }
  }
}
